"""Kostnadsutjämning: lagens invarianter över slumpade giltiga indata (hypothesis) och vad-om-läget.

* Varje tillägg med invånarbaserat avdrag summerar till 0 kr i riket (vikt folkmängd 31 dec t−2).
* Det vägda medelvärdet av varje delmodell med korrigeringsfaktor eller avdrag = bilagans genomsnittliga
  standardkostnad × KPIF t−1 och t (law_cost_a.md §7.1).
* Σ bidrag − Σ avgift = 0 (exakt före avrundning; efter avrundning till hela kronor högst ½ kr per kommun).
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import xlmodel.exempeldata as exempeldata
from xlmodel.fel import IndataFel
from xlmodel.kostnadsutjamning import kostnadsutjamning, kostnadsutjamning_vad_om
from xlmodel.kallor.referensdata import kommuner

LAN = sorted(kommuner()["lanskod"].unique())
NOLLSUMMOR = {
    "forskola": ["behov_forskola", "behov_fritidshem", "socioekonomi", "gles_bebyggelse", "lonekostnad",
                 "forandring_barn_1_5"],
    "grundskola": ["modersmal_sva", "sma_skolor_skolskjutsar", "lonekostnad", "forandring_barn_6_15"],
    "gymnasieskola": ["resor_inackordering", "programval", "lonekostnad", "forandring_ungdomar_16_18"],
    "individ_och_familjeomsorg": ["lonekostnad"],
    "vuxenutbildning": ["sysselsattning"],
    "aldreomsorg": ["dodlighet", "fodda_utanfor_norden", "institutionsboende_glesbygd", "hemtjanst_glesbygd",
                    "lonekostnad"],
}
G = {  # bilagan: genomsnittlig standardkostnad (summa per delmodell)
    2021: {"forskola": 6892 + 111 + 1499, "grundskola": 706 + 11186, "gymnasieskola": 4057,
           "individ_och_familjeomsorg": 4492, "vuxenutbildning": 134 + 287 + 263, "aldreomsorg": 10977},
    2024: {"forskola": 7146 + 86 + 1623, "grundskola": 765 + 12251, "gymnasieskola": 4377,
           "individ_och_familjeomsorg": 4890, "vuxenutbildning": 136 + 259 + 272, "aldreomsorg": 11692},
}
U = {2021: 1.003 * 1.012, 2024: 1.060 * 1.027}

indata_strategi = st.tuples(
    st.sampled_from([2021, 2024]),
    st.integers(0, 10**6),
    st.lists(st.sampled_from(LAN), min_size=1, max_size=5, unique=True),
)


def _indata(ar, fro, lan):
    koder = kommuner().query("lanskod in @lan")["kommunkod"].tolist()
    return exempeldata.kostnadsutjamning(ar, fro=fro, kommunkoder=koder)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indata_strategi)
def test_nollsummor_medelvarden_och_bidrag_kommuner(args):
    ar, fro, lan = args
    ut = kostnadsutjamning(_indata(ar, fro, lan), ar, detaljer=True, delmangd=True)
    N = ut["folkmangd"]
    for delmodell, delar in NOLLSUMMOR.items():
        for del_ in delar:
            assert abs((ut[f"{delmodell}.{del_}"] * N).sum()) < 1.0, (delmodell, del_)  # högst 1 kr i riket
        medel = (ut[f"{delmodell}_exakt"] * N).sum() / N.sum()
        assert medel == pytest.approx(G[ar][delmodell] * U[ar], abs=1e-6), delmodell
    _bidrag_lika_med_avgift(ut)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indata_strategi)
def test_nollsummor_och_medelvarden_regioner(args):
    ar, fro, lan = args
    ut = kostnadsutjamning(_indata(ar, fro, lan), ar, niva="region", detaljer=True, delmangd=True)
    N = ut["folkmangd"]
    for del_ in ("vard_glesbygd", "bemanning_glesbygd", "lonekostnad"):
        assert abs((ut[f"halso_och_sjukvard.{del_}"] * N).sum()) < 1.0
    medel = (ut["halso_och_sjukvard_exakt"] * N).sum() / N.sum()
    G_hos = {2021: 24365, 2024: 26406}[ar]
    assert medel == pytest.approx(G_hos * U[ar], abs=1e-6)
    _bidrag_lika_med_avgift(ut)


def _kolumn(draw, n, lo, hi):
    """n värden i [lo, hi], med gränserna själva som troliga dragningar."""
    return draw(arrays(np.float64, n, elements=st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi))))


@st.composite
def direkta_indata(draw):
    """Kolumnerna dras direkt inom giltiga intervall (inte bara ur den syntetiska generatorn), med ytterlägen:
    löneindex under 100, minskande antal barn och ungdomar, glesbygdsindex och glesbygdsfaktorn (14 d §) på
    gränserna. Övriga kolumner från exempeldata."""
    ar = draw(st.sampled_from([2021, 2024]))
    lan = draw(st.lists(st.sampled_from(LAN), min_size=1, max_size=3, unique=True))
    ind = _indata(ar, 0, lan)
    k, r = ind["kommun"], ind["region"]
    n, m = len(k), len(r)
    for c in ("loneindex_forskola", "loneindex_grundskola", "loneindex_gymnasieskola", "loneindex_ifo",
              "loneindex_aldreomsorg"):
        k[c] = _kolumn(draw, n, 95.0, 110.0)
    for c in ("glesbygdsindex_forskola", "glesbygdsindex_grundskola", "glesbygdsindex_gymnasieskola",
              "glesbygdsindex_aldreomsorg"):
        k[c] = _kolumn(draw, n, 1.0, 1.6)
    for c in ("index_behov_forskola", "index_behov_fritidshem", "uppvarmningsindex"):
        k[c] = _kolumn(draw, n, 0.8, 1.2)
    # antal t−7 (t−12) = antal t−2 × faktor: faktor > 1 är minskande antal barn, ungdomar och invånare
    k["barn_1_5_t7"] = np.round(k["barn_1_5"] * _kolumn(draw, n, 0.5, 1.5)) + 1
    k["barn_6_15_t7"] = np.round((k["barn_6"] + k["barn_7_15"]) * _kolumn(draw, n, 0.5, 1.5)) + 1
    k["ungdomar_16_18_t7"] = np.round(k["ungdomar_16_18"] * _kolumn(draw, n, 0.5, 1.5)) + 1
    k["folkmangd_t12"] = np.round(k["folkmangd"] * _kolumn(draw, n, 0.7, 1.3))
    # 14 d §: glesbygdsfaktor = tätortsgrad² × √(inv/km²); tätortsgrad 1 och 0,64 inv/km² ger exakt 0,8.
    k["tatortsgrad"] = _kolumn(draw, n, 0.0, 1.0)
    k["invanare_per_km2"] = draw(arrays(np.float64, n, elements=st.sampled_from([0.64, 1.0, 50.0, 5000.0])))
    for c in ("ifo_lag_inkomststandard_0_19", "ifo_lagutbildade_20_40", "ifo_flerfamiljshus_1965_1975"):
        k[c] = _kolumn(draw, n, 0.0, 0.5)
    k["andel_sysselsatta_20_64"] = _kolumn(draw, n, 0.5, 0.95)
    r["loneindex_hos"] = _kolumn(draw, m, 95.0, 110.0)
    r["index_vard_glesbygd"] = _kolumn(draw, m, 1.0, 1.3)
    r["index_bemanning_glesbygd"] = _kolumn(draw, m, 1.0, 1.3)
    r["folkmangd_t12"] = np.round(r["folkmangd"] * _kolumn(draw, m, 0.7, 1.3))
    return ar, ind


def _bidrag_lika_med_avgift(ut):
    """Lag 9–10, 17 §§: Σ bidrag = Σ avgift, exakt före avrundning; efter avrundning högst ½ kr per rad."""
    assert abs((ut["kr_per_inv_exakt"] * ut["folkmangd_1nov"]).sum()) < 1.0
    bidrag, avgift = ut.loc[ut["belopp"] > 0, "belopp"].sum(), -ut.loc[ut["belopp"] < 0, "belopp"].sum()
    assert abs(bidrag - avgift) <= 0.5 * len(ut)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(direkta_indata())
def test_invarianter_med_direkt_dragna_kolumner(args):
    ar, ind = args
    ut = kostnadsutjamning(ind, ar, detaljer=True, delmangd=True)
    N = ut["folkmangd"]
    for delmodell, delar in NOLLSUMMOR.items():
        for del_ in delar:
            assert abs((ut[f"{delmodell}.{del_}"] * N).sum()) < 1.0, (delmodell, del_)
        medel = (ut[f"{delmodell}_exakt"] * N).sum() / N.sum()
        assert medel == pytest.approx(G[ar][delmodell] * U[ar], abs=1e-6), delmodell
    _bidrag_lika_med_avgift(ut)
    reg = kostnadsutjamning(ind, ar, niva="region", detaljer=True, delmangd=True)
    for del_ in ("vard_glesbygd", "bemanning_glesbygd", "lonekostnad"):
        assert abs((reg[f"halso_och_sjukvard.{del_}"] * reg["folkmangd"]).sum()) < 1.0
    _bidrag_lika_med_avgift(reg)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([2021, 2024]), st.integers(0, 10**6))
def test_kollektivtrafik_kommunernas_och_regionernas_del_ar_lanets_kostnad(ar, fro):
    """26 §: kommunernas och regionens delar per län summerar till länets standardkostnad; rikets vägda
    medelvärde av S_l = Ḡ_koll × U_t."""
    ind = exempeldata.kostnadsutjamning(ar, fro=fro)
    k = kostnadsutjamning(ind, ar, detaljer=True)
    r = kostnadsutjamning(ind, ar, niva="region", detaljer=True)
    lanskod = kommuner().set_index("kommunkod").loc[k.index, "lanskod"]
    kommunernas = (k["kollektivtrafik_exakt"] * k["folkmangd"]).groupby(lanskod.to_numpy()).sum()
    regionens = r["kollektivtrafik_exakt"] * r["folkmangd"]
    S = {l: v for n, v in k.attrs["riket"].items() if n.startswith("kollektivtrafik.standardkostnad_lan.")
         for l in [n.rsplit(".", 1)[1]]}
    for l in r.index:
        assert kommunernas[l] + regionens[l] == pytest.approx(S[l] * r.loc[l, "folkmangd"], rel=1e-9)
    G_koll = {2021: 2595, 2024: 2947}[ar]
    assert sum(S[l] * r.loc[l, "folkmangd"] for l in r.index) / r["folkmangd"].sum() == pytest.approx(G_koll * U[ar])


# ---------------------------------------------------------------- vad-om-läget

DELMODELLER = ["forskola", "grundskola", "gymnasieskola", "individ_och_familjeomsorg", "vuxenutbildning",
               "aldreomsorg", "infrastruktur", "verksamhetsovergripande", "kollektivtrafik"]


@pytest.fixture(scope="module")
def full_2024():
    ind = exempeldata.kostnadsutjamning(2024)
    return ind, kostnadsutjamning(ind, 2024)


def _utan_avdrag(riket):
    """Som SCB:s publicerade underlag: de invånarbaserade avdragen finns inte med."""
    return {n: v for n, v in riket.items() if not n.endswith(".avdrag")}


@pytest.mark.parametrize("kod, andring", [
    ("1814", {"ohalsotal": 31.0, "ifo_lag_inkomststandard_0_19": 0.16}),  # IFO-variabler, Lekeberg
    ("2425", {"ensamboende_80_89": None}),  # 2 % fler ensamboende 80–89-åringar, Dorotea
    ("1860", {"barn_1_5": None, "barn_6_12": None}),  # Laxå
    ("2421", {"pendlingsavstand": None}),  # Storuman, kollektivtrafik 26 a § 1 (liten del av länet)
    ("1860", {"folkmangd": 0.98}),  # Laxå −2 % invånare: alla delmodeller, även 17 § befolkningsminskning
    ("1814", {"folkmangd_1nov": 1.01}),  # Lekeberg +1 % 1 nov t−1: eftersläpningen (18 §) och beloppet
])
def test_vad_om_stammer_med_full_omrakning(full_2024, kod, andring):
    """Vad-om-läget med rikets storheter fasta (recept riket=attrs["riket"]) = full omräkning: delmodellerna
    inom 1 kr/inv (avrundning), kr_per_inv därutöver inom den genomsnittliga strukturkostnadens rörelse.
    Utan avdragen (publicerat underlag) blir resultatet detsamma: de tar ut varandra."""
    ind, fore = full_2024
    rad = ind["kommun"].set_index("kommunkod").loc[[kod]].reset_index()
    andring = {v: (rad[v].iloc[0] * (1.02 if x is None else x) if x is None or x < 2 else x)
               for v, x in andring.items()}
    pub = fore.loc[kod, DELMODELLER].to_dict()
    vad_om = kostnadsutjamning_vad_om(rad, 2024, andring, publicerad=pub, riket=fore.attrs["riket"])
    publicerat = kostnadsutjamning_vad_om(rad, 2024, andring, publicerad=pub, riket=_utan_avdrag(fore.attrs["riket"]))
    assert publicerat["efter"].equals(vad_om["efter"])
    ind2 = exempeldata.kostnadsutjamning(2024)
    k = ind2["kommun"]
    for v, x in andring.items():
        k.loc[k["kommunkod"] == kod, v] = x
    efter = kostnadsutjamning(ind2, 2024)
    for n in DELMODELLER:
        assert abs(vad_om.loc[n, "efter"] - efter.loc[kod, n]) <= 1, n
        assert vad_om.loc[n, "fore"] == fore.loc[kod, n], n
    assert vad_om.loc["strukturkostnad", "andring"] != 0
    # strukturkostnaden: summan av delmodellerna, var och en avrundad (högst 1 kr per påverkad delmodell)
    tol = len(vad_om.attrs["pavarkade"])
    assert abs(vad_om.loc["strukturkostnad", "efter"] - efter.loc[kod, "strukturkostnad"]) <= tol
    sk_fore = fore["strukturkostnad_riket"].iloc[0]
    rorelse = abs(efter["strukturkostnad_riket"].iloc[0] - sk_fore)
    assert rorelse < 1  # en liten kommun: SK̄ flyttar sig under 1 kr/inv
    assert abs(vad_om.loc["kr_per_inv", "efter"] - (efter.loc[kod, "strukturkostnad"] - sk_fore)) <= tol + 0.5
    assert abs(vad_om.loc["kr_per_inv", "efter"] - efter.loc[kod, "kr_per_inv"]) <= tol + 0.5 + rorelse
    P = efter.loc[kod, "folkmangd_1nov"]
    assert abs(vad_om.loc["belopp", "efter"] - efter.loc[kod, "belopp"]) <= (tol + rorelse) * P + 1


def test_vad_om_loneindex_kraver_avdragen(full_2024):
    """6 f §: löneindexet multiplicerar tillägg efter avdrag (6 b–6 e §§), så avdragen tar inte ut varandra;
    utan dem ett fel som räknar upp dem. Med dem: full omräkning inom 1 kr/inv."""
    ind, fore = full_2024
    rad = ind["kommun"][ind["kommun"]["kommunkod"] == "1860"]
    pub = fore.loc["1860", DELMODELLER].to_dict()
    andring = {"loneindex_forskola": float(rad["loneindex_forskola"].iloc[0]) + 3}
    with pytest.raises(IndataFel, match="saknas: forskola.behov_forskola.avdrag, forskola.behov_fritidshem.avdrag, "
                                        "forskola.socioekonomi.avdrag, forskola.gles_bebyggelse.avdrag"):
        kostnadsutjamning_vad_om(rad, 2024, andring, pub, _utan_avdrag(fore.attrs["riket"]))
    vad_om = kostnadsutjamning_vad_om(rad, 2024, andring, pub, fore.attrs["riket"])
    ind2 = exempeldata.kostnadsutjamning(2024)
    ind2["kommun"].loc[ind2["kommun"]["kommunkod"] == "1860", "loneindex_forskola"] = andring["loneindex_forskola"]
    assert abs(vad_om.loc["forskola", "efter"] - kostnadsutjamning(ind2, 2024).loc["1860", "forskola"]) <= 1


@pytest.mark.parametrize("niva, kod, kolumn, nytt", [
    ("kommun", "1860", "loneindex_forskola", 108.0), ("kommun", "1860", "loneindex_grundskola", 107.0),
    ("kommun", "1860", "loneindex_gymnasieskola", 106.0), ("kommun", "2425", "loneindex_aldreomsorg", 109.0),
    ("region", "25", "loneindex_hos", 106.0), ("region", "25", "index_bemanning_glesbygd", 1.2),
])
def test_vad_om_avdrag_multiplikatorer_racker(niva, kod, kolumn, nytt):
    """AVDRAG_MULTIPLIKATORER räcker: med bara de avdragen (övriga antagna 0) blir svaret detsamma som med
    alla storheter ur attrs["riket"]."""
    from xlmodel.kostnadsutjamning import DELMODELLER as MODULER

    ind = exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(ind, 2024, niva=niva)
    nyckel = "kommunkod" if niva == "kommun" else "lanskod"
    rad = ind[niva][ind[niva][nyckel] == kod]
    pub = full.loc[kod, list(MODULER[niva])].to_dict()
    kravs = {f"{d}.avdrag" for m in MODULER[niva].values()
             for d in getattr(m, "AVDRAG_MULTIPLIKATORER", {}).get(kolumn, ())}
    assert kravs
    riket = {n: v for n, v in full.attrs["riket"].items() if not n.endswith(".avdrag") or n in kravs}
    alla = kostnadsutjamning_vad_om(rad, 2024, {kolumn: nytt}, pub, full.attrs["riket"], niva=niva)
    bara = kostnadsutjamning_vad_om(rad, 2024, {kolumn: nytt}, pub, riket, niva=niva)
    assert bara["efter"].equals(alla["efter"]) and alla.loc["strukturkostnad", "andring"] != 0
    for n, (fore, efter) in alla.attrs["beraknad"].items():  # oavrundat: skillnaden efter − före är densamma
        assert bara.attrs["beraknad"][n][1] - bara.attrs["beraknad"][n][0] == pytest.approx(efter - fore, abs=1e-9)
    assert bara.attrs["antagna_noll"] and not set(bara.attrs["antagna_noll"]) & kravs


def test_vad_om_fel(full_2024):
    ind, fore = full_2024
    rad = ind["kommun"].iloc[[0]]
    pub = fore.iloc[0][DELMODELLER].to_dict()

    with pytest.raises(IndataFel, match="okänd variabel 'x'"):
        kostnadsutjamning_vad_om(rad, 2024, {"x": 1}, pub, fore.attrs["riket"])
    riket = {k: v for k, v in fore.attrs["riket"].items() if not k.startswith("individ_och_familjeomsorg.")}
    with pytest.raises(IndataFel, match=r"saknas: individ_och_familjeomsorg.korrigeringsfaktor\. "):
        kostnadsutjamning_vad_om(rad, 2024, {"ohalsotal": 30}, pub, riket)
    utan = {k: v for k, v in fore.attrs["riket"].items() if k not in ("skatteunderlag_fg", "folkmangd_1nov_fg")}
    with pytest.raises(IndataFel, match="riket: uppgiften 'skatteunderlag_fg' saknas"):
        kostnadsutjamning_vad_om(rad, 2024, {"folkmangd_1nov": 50_000}, pub, utan)
    with pytest.raises(IndataFel, match="standardkostnad saknas för forskola"):
        kostnadsutjamning_vad_om(rad, 2024, {"ohalsotal": 30}, {}, fore.attrs["riket"])
    with pytest.raises(IndataFel, match="kolumn saknas: ifo_granspendling"):
        kostnadsutjamning_vad_om(rad.drop(columns="ifo_granspendling"), 2024, {"ohalsotal": 30}, pub,
                                 fore.attrs["riket"])
