"""Kommandoradens parser: argparse på svenska (hjälp, felrader) och varje kommando med sina flaggor."""
from __future__ import annotations

import argparse
import re

from .. import __version__
from .argument import ar_intervall, arstal, decimaltal
from .arbetsbocker import kor_bygg_mallar, kor_uppdatera
from .hamta import kor_hamta
from .skatter import kor_prognos_ny, kor_skatter_och_bidrag
from .utjamning import kor_jamfor, kor_lss_1999, kor_utjamning


_ARGPARSE_FEL = [  # (mönster i argparse:s engelska felmeddelande, svensk text)
    (r"the following arguments are required: (.*)", r"dessa argument krävs: \1"),
    (r"one of the arguments (.*) is required", r"ett av dessa argument krävs: \1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", r"ogiltigt val \2 för \1 (välj bland \3)"),
    (r"invalid choice: (\S+) \(choose from (.*)\)", r"ogiltigt val \1 (välj bland \2)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"ogiltigt värde \3 för \1 (väntade ett tal)"),
    (r"argument (\S+): expected one argument", r"\1 behöver ett värde"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"tvetydig flagga \1: kan vara \2"),
    (r"argument (\S+): not allowed with argument (.*)", r"\1 kan inte användas tillsammans med \2"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1 tar inget värde (fick \2)"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


class _Hjalpformat(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """ArgumentParser med svensk hjälp (-h/--hjalp/--help) och fel på en svensk rad (``xlmodel: ...``, slutkod 2)."""

    def __init__(self, *a, **k):
        super().__init__(*a, add_help=False, formatter_class=_Hjalpformat, **k)
        self._positionals.title, self._optionals.title = "argument", "flaggor"
        self.add_argument("-h", "--hjalp", "--help", action="help", default=argparse.SUPPRESS, help="visa den här hjälpen och avsluta")
        # negativa tal med decimalkomma (-0,5) är värden, inga flaggor
        self._negative_number_matcher = re.compile(r"^-\d+([.,]\d+)?$|^-[.,]\d+$")

    def error(self, message):
        text = message.replace("\n", " ")
        for monster, svenska in _ARGPARSE_FEL:
            if re.fullmatch(monster, text):
                text = re.sub(monster, svenska, text)
                break
        kommando = self.prog.split(" ", 1)[1] if " " in self.prog else ""
        tips = f" (se xlmodel {kommando} --hjalp)" if kommando else " (se xlmodel --hjalp)"
        self.exit(2, f"xlmodel: {text}{tips}\n")


def _riket_argument(k) -> None:
    k.add_argument("--riket-skatteunderlag", type=decimaltal, metavar="KR",
                   help="rikets skatteunderlag (kr); utan: raderna om de är hela landet, annars medföljande SCB-rikstal")
    k.add_argument("--riket-folkmangd", type=decimaltal, metavar="ANTAL", help="rikets folkmängd 1 nov året före")


def bygg_parser() -> argparse.ArgumentParser:
    p = Parser(prog="xlmodel", description="Kommunalekonomisk utjämning och resursfördelning (xlmodel). "
               "Fel ger en rad på svenska och slutkod 2.")
    p.add_argument("--version", action="version", version=f"xlmodel {__version__}", help="visa versionen och avsluta")
    sub = p.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO", title="kommandon",
                           description="skriv xlmodel KOMMANDO --hjalp för kommandots flaggor")

    def kommando(namn, alias, hjalp, kor):
        k = sub.add_parser(namn, aliases=alias, help=hjalp, description=hjalp[0].upper() + hjalp[1:] + ".")
        k.set_defaults(kor=kor)
        return k

    def utfil(k, format_):
        k.add_argument("-o", "--ut", "--output", dest="o", metavar="UTFIL", required=True, help=f"utfil ({format_})")

    u = kommando("utjamning", ["equalisation"], "utjämning för alla kommuner i indata, till xlsx eller csv", kor_utjamning)
    u.add_argument("--ar", "--year", type=ar_intervall, required=True, help="utjämningsår, t.ex. 2026 eller 2005-2026")
    u.add_argument("--indata", "--input", metavar="FIL", help="csv/xlsx med kommunkod, skatteunderlag, folkmangd (+ ev. givna delar i kr/inv); utan: medföljande Örebro län")
    u.add_argument("--alla", "--all", action="store_true", help="alla 290 kommuner ur medföljande data (2012–2025; skatteunderlag och 1 nov-folkmängd approximerade)")
    _riket_argument(u)
    u.add_argument("--reform", help="reformöverlägg, t.ex. sou_2024_50")
    utfil(u, ".xlsx: en flik per år och diagram; .csv: en tabell med kolumnen ar")

    s = kommando("skatter-och-bidrag", ["taxes-and-grants"], "budgetblocket Skatter och bidrag för en kommun eller region (medföljande data)", kor_skatter_och_bidrag)
    vem = s.add_mutually_exclusive_group(required=True)
    vem.add_argument("--kommun", "--municipality", help="kommunkod eller namn, t.ex. 2281 eller Sundsvall (alla 290)")
    vem.add_argument("--region", help="länskod eller namn för en region, t.ex. 18 (blocket summerat per län, regionens satser)")
    s.add_argument("--ar", "--year", type=arstal, required=True, help="budgetår (utjämningsår)")
    s.add_argument("--planar", type=int, choices=range(0, 9), default=3, metavar="0-8", help="antal planår efter budgetåret (standard 3, högst 8)")
    s.add_argument("--prognos", "--forecast", default="harledd_ur_scb", help="prognos för planåren: harledd_ur_scb (standard, härledd ur SCB-utfall), en medföljande årgång eller en .yaml-fil (xlmodel prognos ny --fran-cirkular)")
    s.add_argument("--skattesats", type=decimaltal, metavar="PROCENT", help="skattesats för budgetåret i procent, t.ex. 21,35 (ärvs av planåren)")
    s.add_argument("--skatteunderlag", type=decimaltal, metavar="KR", help="kommunens eget skatteunderlag för budgetåret (kr, SCB:s etikett)")
    for f, text in (("kostnadsutjamning", "kostnadsutjämning"), ("strukturbidrag", "strukturbidrag"), ("inforandebidrag", "införandebidrag"),
                    ("lss-utjamning", "LSS-utjämning"), ("regleringspost", "regleringsbidrag (+)/-avgift (−)")):
        s.add_argument(f"--{f}", type=decimaltal, metavar="KR_PER_INV", help=f"{text} i kr/inv för budgetåret och planåren, t.ex. -300 eller 12,5")
    s.add_argument("--fastighetsavgift", metavar="BELOPP", help="kommunal fastighetsavgift med enhet, t.ex. '150 mnkr' eller '150000000 kr'")
    s.add_argument("--ovriga-statsbidrag", metavar="BELOPP", help="övriga generella statsbidrag med enhet, t.ex. '8,1 mnkr' (utan: ej angivet)")
    s.add_argument("--slutavrakning-foregaende", metavar="BELOPP", help="bokförd slutavräkning för inkomståret före budgetåret (förra bokslutet), med enhet")
    s.add_argument("--reform", help="reformöverlägg, t.ex. sou_2024_50: bladet Reform med blocket enligt lag och reform och skillnaden")
    s.add_argument("--visa-nollrader", action="store_true", help="visa också rader som är 0 i alla kolumner (t.ex. strukturbidrag)")
    s.add_argument("--uppdatera", "--update", action="store_true", help="finns -o redan: byt bara data som 'xlmodel uppdatera' (indata kvar)")
    utfil(s, ".xlsx")

    pr = kommando("prognos", ["forecast"], "prognosårgångar: 'prognos ny --fran-cirkular -o FIL' skriver en tom mall", kor_prognos_ny)
    pr.add_argument("atgard", choices=["ny"], help="ny: skriv en tom, kommenterad prognosfil")
    pr.add_argument("--fran-cirkular", action="store_true", help="mall för talen ur ett SKR-cirkulär (nummer, datum, tal)")
    pr.add_argument("-o", "--ut", "--output", dest="o", metavar="UTFIL", default="skr_cirkular.yaml", help="fil att skriva (standard: skr_cirkular.yaml)")

    j = kommando("jamfor", ["compare"], "lag mot reform per kommun, med skillnader", kor_jamfor)
    j.add_argument("--reform", required=True, help="reformöverlägg: sou_2024_50 (regionernas satser 95 %% av 2003), "
                   "sou_2024_50_bas2022 (satserna på 2022 års nivå) eller en egen .yaml; antagandet skrivs ut")
    j.add_argument("--ar", "--year", type=arstal, required=True, help="utjämningsår")
    j.add_argument("--indata", "--input", metavar="FIL", help="csv/xlsx med kommunkod, skatteunderlag, folkmangd (utan: Örebro län)")
    _riket_argument(j)
    utfil(j, ".xlsx eller .csv")

    ls = kommando("lss-1999", ["ds1999"], "återskapa Ds 1999:72 Tabell H ur Tabell G", kor_lss_1999)
    utfil(ls, ".xlsx eller .csv; kr/inv med en decimal")

    b = kommando("bygg-mallar", ["build-templates"], "bygg mallarbetsböckerna", kor_bygg_mallar)
    b.add_argument("--mapp", "--folder", default="workbooks", help="mapp att skriva till (standard: workbooks)")

    up = kommando("uppdatera", ["refresh"], "byt data i en arbetsbok utan att röra användarens indata", kor_uppdatera)
    up.add_argument("arbetsbok", help="arbetsboken (.xlsx) som skapats av xlmodel skatter-och-bidrag")
    up.add_argument("--data", metavar="FIL", help="nya data (csv/xlsx) i bladet Datas form: ar och kolumner per utjämningsår; "
                    "utan: de nyaste hämtade (xlmodel hamta) eller medföljande data för arbetsbokens kommun")
    up.add_argument("--hamta", "--fetch", action="store_true", help="hämta från SCB och Kolada först (utan --data)")
    up.add_argument("--tidsgrans", type=decimaltal, default=30.0, metavar="S", help=argparse.SUPPRESS)

    h = kommando("hamta", ["fetch"], "hämta färska data från SCB och Kolada till cachen (offline gäller cachen, sedan medföljande data)", kor_hamta)
    h.add_argument("--ar", "--year", type=ar_intervall, help="utjämningsår, t.ex. 2026 eller 2020-2026 (standard: alla som finns)")
    h.add_argument("--kommun", "--municipality", help="bara en kommun (kod eller namn); skatteunderlag och folkmängd hämtas ändå för riket")
    h.add_argument("--tidsgrans", "--timeout", type=decimaltal, default=30.0, metavar="S", help="tidsgräns per anrop i sekunder (standard 30)")
    h.add_argument("--visa", "--show", action="store_true", help="visa vad cachen innehåller och varifrån, utan att hämta")
    return p
