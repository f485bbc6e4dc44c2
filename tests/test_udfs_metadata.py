"""Metadata som xlwings lagrar för varje UDF (``func.__xlfunc__``) och VBA-omslagen som *Import Functions* skriver.

På Linux är ``@xw.func``/``@xw.arg`` tomma dekoratorer (tech.md §1.6). Här stubbas COM-modulerna så att
``xlwings.udfs`` (Windows-implementationen) kan importeras, och varje UDF-modul läses in på nytt med dess
dekoratorer: då finns ``__xlfunc__`` precis som i Excel, och ``generate_vba_wrapper`` kan skriva VBA-koden.
"""
import importlib
import importlib.util
import io
import pkgutil
import re
import sys
import types
from pathlib import Path

import pytest
import xlwings

import udfs
from xlmodel.excel.mallar import UDF_MODULER as MALLARNAS_MODULER

MODULER = sorted(f"udfs.{m.name}" for m in pkgutil.iter_modules(udfs.__path__) if not m.name.startswith("_"))

#: VBA:s reserverade ord och satser (argumentnamnen klistras in i VBA-signaturen, tech.md §5).
VBA_RESERVERADE = {w.lower() for w in """
    And As Boolean ByRef Byte ByVal Call Case CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr
    CVar Close Const Currency Date Decimal Declare DefBool Dim Do Double Each Else ElseIf Empty End EndIf Enum Eqv
    Erase Error Event Exit False For Friend Function Get Global GoSub GoTo If Imp Implements In Input Integer Is
    Len Let Like Line Lock Long LongLong LongPtr Loop LSet Me Mid Mod Name New Next Not Nothing Null Object On Open
    Option Optional Or ParamArray Preserve Print Private Property Public Put RaiseEvent ReDim Rem Resume Return RSet
    Seek Select Set Single Static Step Stop String Sub Then To True Type TypeOf Unlock Until Val Variant Wend While
    Width With WithEvents Write Xor
""".split()}
VBA_NAMN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")

#: Varje komponent: (skalär form för en kommun, tabellform för alla kommuner med rubrikrad).
KOMPONENTER = {
    "inkomstutjämning (lag 2004:773 3–7 §§)": ("XLM_INKOMST_KRINV", "XLM_INKOMST_TABELL"),
    "kostnadsutjämning (förordning 2004:881)": ("XLM_KOSTNAD_KRINV", "XLM_KOSTNAD_TABELL"),
    "standardkostnad per delmodell": ("XLM_KOSTNAD_STANDARDKOSTNAD", "XLM_KOSTNAD_TABELL"),
    "strukturbidrag, kr/inv givet (11 §)": ("XLM_STRUKTURBIDRAG_BELOPP", "XLM_STRUKTURBIDRAG_TABELL"),
    "strukturbidrag enligt lagtexten (11–12 §§)": ("XLM_STRUKTURBIDRAG_LAG", "XLM_STRUKTURBIDRAG_LAG_TABELL"),
    "införandebidrag (13 §)": ("XLM_INFORANDEBIDRAG_KRINV", "XLM_INFORANDEBIDRAG_TABELL"),
    "regleringsbidrag/-avgift (15–16 §§)": ("XLM_REGLERINGSPOST", "XLM_REGLERINGSBIDRAG_TABELL"),
    "LSS-utjämning (förordning 2008:776)": ("XLM_LSS_KRINV", "XLM_LSS_TABELL"),
    "Skatter & bidrag": ("XLM_SOB_RAD", "XLM_SOB_ALLA"),
    "Skatter & bidrag, budgetblocket": ("XLM_SOB_BLOCK", "XLM_SOB_ALLA"),
    "Ds 1999:72 modell 1, standardkostnad": ("XLM_LSS1999_STANDARDKOSTNAD", "XLM_LSS1999_TABELL"),
    "Ds 1999:72 modell 1, bidrag/avgift": ("XLM_LSS1999_KRINV", "XLM_LSS1999_TABELL"),
    "Ds 1999:72 spärregler": ("XLM_LSS_SPARREGLER", "XLM_LSS1999_TABELL"),
    "Ds 1999:72 modell 2": ("XLM_LSS1999_MODELL2_KRINV", "XLM_LSS1999_MODELL2"),
    "Ds 1999:72 behovsnivå (tabell 4)": ("XLM_LSS1999_BEHOV", "XLM_LSS1999_BEHOV_TABELL"),
    "Södertörnsmodellen, nivå": ("XLM_SODERTORN_NIVA", "XLM_SODERTORN_NIVA_TABELL"),
    "Södertörnsmodellen, fördelning": ("XLM_SODERTORN_BELOPP", "XLM_SODERTORN_FORDELNING"),
    "resursfördelning, ram": ("XLM_RESURS_RAM", "XLM_RESURS_RAMAR"),
    "resursfördelning, komponenter": ("XLM_RESURS_RAM", "XLM_RESURS_TABELL"),
    "sparbeting": ("XLM_SPARBETING", "XLM_SPARBETING_TABELL"),
    "marginalintäkt per typperson": ("XLM_MARGINALINTAKT", "XLM_MARGINALINTAKT_TABELL"),
}
#: Hjälpfunktioner utan kommunrad (parametrar, rikets tal, vad-om för en kommun, resursfördelningens anmärkningar).
HJALPFUNKTIONER = {"XLM_PARAMETER", "XLM_PARAMETER_KALLA", "XLM_MEDELSKATTEKRAFT", "XLM_UPPRAKNINGSFAKTOR",
                   "XLM_STATSBIDRAG_PER_INV", "XLM_KOSTNAD_VADOM", "XLM_KOSTNAD_RIKET", "XLM_SOB_VARDEN",
                   "XLM_SCENARIER", "XLM_RESURS_ANMARKNINGAR"}


@pytest.fixture(scope="module")
def xlwings_udfs():
    """``xlwings.udfs`` med stubbade COM-moduler; ``xw.func/arg/ret`` pekar på de riktiga dekoratorerna."""
    mp = pytest.MonkeyPatch()
    for namn in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        mp.setitem(sys.modules, namn, types.ModuleType(namn))
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["win32com.client"].Dispatch = None
    sys.modules.pop("xlwings.udfs", None)
    xu = importlib.import_module("xlwings.udfs")
    mp.setattr(xlwings, "func", xu.xlfunc)
    mp.setattr(xlwings, "arg", xu.xlarg)
    mp.setattr(xlwings, "ret", xu.xlret)
    yield xu
    mp.undo()
    sys.modules.pop("xlwings.udfs", None)


@pytest.fixture(scope="module")
def dekorerade(xlwings_udfs):
    """{modulnamn: modulen inläst på nytt med xlwings Windows-dekoratorer} (de vanliga modulerna rörs inte)."""
    ut = {}
    for namn in MODULER:
        spec = importlib.util.spec_from_file_location(namn, importlib.util.find_spec(namn).origin)
        modul = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modul)
        ut[namn] = modul
    return ut


def _udfer(modul):
    return {n: f for n, f in vars(modul).items() if hasattr(f, "__xlfunc__")}


def test_mallarnas_moduler_finns():
    assert set(MALLARNAS_MODULER.split(";")) <= set(MODULER)
    assert "udfs.ds1999" in MODULER


def test_varje_udf_har_giltig_metadata(dekorerade):
    """Namn ASCII med XLM_, docstring och varje arguments doc ≤ 255 tecken (MacroOptions), VBA-giltiga argument."""
    alla = []
    for modulnamn, modul in dekorerade.items():
        udfer = _udfer(modul)
        assert udfer, modulnamn
        assert {n for n in vars(modul) if n.startswith("XLM_")} == set(udfer), f"{modulnamn}: XLM_-funktion utan @xw.func"
        for namn, f in udfer.items():
            meta = f.__xlfunc__
            alla.append(namn)
            assert meta["name"] == namn and namn.startswith("XLM_") and namn.isascii() and VBA_NAMN.match(namn)
            assert meta["category"].startswith("xlmodel") and meta["async_mode"] is None and not meta["volatile"]
            doc = meta["ret"]["doc"]
            assert f.__doc__ and doc == f.__doc__ and len(doc) <= 255, (namn, len(doc))
            for a in meta["args"]:
                fel = (namn, a["name"])
                assert a["doc"] != f"Positional argument {a['pos'] + 1}", fel  # doc angiven med @xw.arg
                assert 0 < len(a["doc"]) <= 255, fel
                assert VBA_NAMN.match(a["name"]) and a["name"].isascii(), fel
                assert a["name"].lower() not in VBA_RESERVERADE and a["name"] != "caller", fel
                assert not a["vararg"] and a["vba"] is None, fel
                if a["name"] == "indata" or a["name"].endswith("_omrade") or a["doc"].startswith(("Område", "Två ")):
                    assert a["options"].get("ndim") == 2, fel  # ett område ska alltid komma som lista av listor
    assert len(alla) == len(set(alla)), "samma namn i två moduler ger 'Ambiguous name' i VBA"


def test_vba_omslagen_som_import_functions_skriver(dekorerade, xlwings_udfs):
    """generate_vba_wrapper: en Function per UDF, valfria argument som Optional, modulens namn i anropet."""
    bok = types.SimpleNamespace(Name="mall.xlsm")
    for modulnamn, modul in dekorerade.items():
        ut = io.StringIO()
        xlwings_udfs.generate_vba_wrapper(modulnamn, modul, ut, bok)
        vba = ut.getvalue()
        for namn, f in _udfer(modul).items():
            args = f.__xlfunc__["args"]
            sig = ", ".join(("Optional " if "optional" in a else "") + a["name"] for a in args)
            assert f"Function {namn}({sig})" in vba, namn
            assert f'{namn} = XLPy.CallUDF("{modulnamn}", "{namn}", Array({", ".join(a["name"] for a in args)}), ThisWorkbook' in vba
        assert vba.count("End Function") == len(_udfer(modul))
        assert max(len(rad) for rad in vba.splitlines()) <= 1023  # VBA:s radlängd


def test_varje_komponent_har_skalar_och_tabellform(dekorerade):
    alla = {n for m in dekorerade.values() for n in _udfer(m)}
    for komponent, (skalar, tabell) in KOMPONENTER.items():
        assert skalar in alla and tabell in alla, komponent
        assert not skalar.endswith(("_TABELL", "_RAMAR", "_ALLA", "_FORDELNING", "_MODELL2")), komponent
    klassade = {n for par in KOMPONENTER.values() for n in par} | HJALPFUNKTIONER
    assert alla == klassade, f"oklassade: {sorted(alla - klassade)}, saknas: {sorted(klassade - alla)}"
    ds = _udfer(dekorerade["udfs.ds1999"])
    assert {"XLM_LSS1999_TABELL", "XLM_LSS_SPARREGLER", "XLM_LSS1999_MODELL2"} <= set(ds)
    assert not any("1999" in n or "SODERTORN" in n or "SPARREGLER" in n for n in _udfer(dekorerade["udfs.lss"]))


def test_varje_udf_anropas_i_testerna(dekorerade):
    """Varje UDF anropas med Excel-formade indata någonstans i tests/test_udfs_*.py."""
    text = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_udfs_*.py"))
    anropade = set(re.findall(r"\.(XLM_[A-Z0-9_]+)\(", text))
    alla = {n for m in dekorerade.values() for n in _udfer(m)}
    assert alla <= anropade, f"anropas inte: {sorted(alla - anropade)}"


def test_excelfunktion_ger_texter_ndim_och_kategori(xlwings_udfs):
    """``udfs._excel.excelfunktion``: modulens text, egen text före den, GEMENSAMMA sist; ``Omrade`` ger ndim=2."""
    from udfs._excel import GEMENSAMMA, Omrade, excelfunktion
    from xlmodel.fel import XlmodelFel

    funktion = excelfunktion("xlmodel prov", {"indata": Omrade("Område med rubrikrad"), "reform": "Egen reform"})

    @funktion(kommunkod="Kommunkod, t.ex. 1880")
    def f(indata, kommunkod, ar, reform=None):
        """Prov."""
        return 1 / 0

    meta = {a["name"]: a for a in f.__xlfunc__["args"]}
    assert f.__xlfunc__["category"] == "xlmodel prov" and f.__xlfunc__["ret"]["doc"] == "Prov."
    assert [(n, a["doc"], a["options"]) for n, a in meta.items()] == [
        ("indata", "Område med rubrikrad", {"ndim": 2}), ("kommunkod", "Kommunkod, t.ex. 1880", {}),
        ("ar", GEMENSAMMA["ar"], {}), ("reform", "Egen reform", {})]
    assert type(meta["indata"]["doc"]) is str and meta["reform"]["optional"] is None
    with pytest.raises(XlmodelFel, match="Fel i f: division med noll"):
        f(None, None, None)  # excel_fel ligger innerst
    with pytest.raises(TypeError, match="argumentet okand saknar hjälptext"):
        funktion()(lambda ar, okand: None)
    with pytest.raises(TypeError, match="okänt argument arr"):
        funktion(arr="Felstavat")(lambda ar: None)
