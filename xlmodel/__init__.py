"""xlmodel: kommunalekonomisk utjämning och resursfördelningsmodeller, lagtroget och testat.

Publika funktioner (en rad per kommun in, en tabell ut):

* ``kommuner()``, ``lan()``, ``skattesatser(ar)``: referensdata.
* ``underlag(ar, niva)``, ``riket(ar)``: hela landets medföljande underlag och rikstotaler (``xlmodel.kallor``).
* ``inkomstutjamning(underlag, ar, niva, riket, reform)``: lag (2004:773) 3–7 §§.
* ``strukturbidrag``, ``inforandebidrag``, ``regleringspost``, ``regleringsbidrag``: 11–16 §§.
* ``parametrar(reform)``: de årsversionerade parametrarna med källor.
"""
from .fel import Anmarkning, IndataFel, ParameterFel, XlmodelFel
from .inforandebidrag import inforandebidrag
from .inkomstutjamning import inkomstutjamning, medelskattekraft, region_underlag, upprakningsfaktor
from .parametrar import Parametrar, parametrar, reformer
from .kallor.referensdata import kommuner, lan, skattesatser
from .kallor.underlag import riket, underlag
from .regleringspost import regleringsbidrag, regleringspost, statens_nettoutgift
from .strukturbidrag import strukturbidrag, strukturbidrag_enligt_lag

__version__ = "0.1.0"
from .utjamning import jamfor_utjamning, kommunalekonomisk_utjamning
from .lss_ds1999 import (
    ds1999_tabell_g,
    ds1999_tabell_h,
    lss_ds1999_behovsniva,
    lss_ds1999_modell1,
    lss_ds1999_modell2,
    lss_sparregler,
    sodertorn_fordelning,
    sodertorn_niva,
)
from .lss_utjamning import lss_genomsnittskostnader, lss_prislappar, lss_utjamning, personalkostnadsindex
from .resursfordelning import (
    ifo_kostnadsokning,
    kriterier as resursfordelning_kriterier,
    lss_priser,
    modeller as resursfordelningsmodeller,
    ramar as resursfordelning_ramar,
    sjalvfinansiering_simulering,
    sjalvfinansieringsgrad,
    sjobo_aldreomsorg,
    socialnamnden,
    sparbeting,
    statsbidrag_per_invanare,
    vara,
)
from .resursfordelning import resursfordelning  # noqa: E402  (funktionen skuggar modulnamnet)
from .skatter_och_bidrag import (
    Antaganden,
    jamfor,
    jamfor_prognoser,
    jamfor_reform,
    marginalintakt,
    prognos,
    prognoser,
    prisupprakning_ur_prognos,
    skatter_och_bidrag_alla,
    standardkostnad_per_aldersgrupp,
    summera,
)
from .skatter_och_bidrag import skatter_och_bidrag  # noqa: E402  (funktionen skuggar modulnamnet)
from . import exempeldata
from .arbetsbok import skriv_csv, uppdatera_arbetsbok
from .kallor.dataimport import Importresultat, importera, importera_inkomstunderlag, las_px, las_skattesatser_px
from .kostnadsutjamning import kostnadsutjamning_vad_om
from .kostnadsutjamning import kostnadsutjamning  # noqa: E402  (funktionen skuggar modulnamnet)
