"""README.md hålls sann: exemplen körs, signaturerna, sökvägarna, UDF-namnen och kommandona finns.

Python-blocken i README är doctests (``>>>``) och körs i ordning i en gemensam namnrymd, som en nykomling
skriver dem. Utdata i README jämförs med det motorn ger nu (ELLIPSIS, NORMALIZE_WHITESPACE).
"""
import ast
import doctest
import importlib
import inspect
import re
import shlex
from pathlib import Path

import pytest
import yaml

import xlmodel
from xlmodel import ParameterFel
from xlmodel.cli import bygg_parser

ROT = Path(__file__).resolve().parent.parent
README = (ROT / "README.md").read_text(encoding="utf-8")
UDF_MODULER = ["udfs.inkomst", "udfs.system", "udfs.kostnad", "udfs.lss", "udfs.ds1999", "udfs.skatter", "udfs.resurs", "udfs.marginal"]


def block(sprak: str) -> list[str]:
    return re.findall(rf"^```{sprak}\n(.*?)^```", README, flags=re.S | re.M)


def avsnitt(rubrik: str) -> str:
    """Texten under ``## rubrik`` fram till nästa ``## ``."""
    m = re.search(rf"^## {re.escape(rubrik)}.*?$(.*?)(?=^## |\Z)", README, flags=re.S | re.M)
    assert m, f"README saknar avsnittet {rubrik!r}"
    return m.group(1)


def test_python_exemplen_ger_det_som_star():
    """Varje ```python-block körs; doctest-utdata måste stämma tecken för tecken (utom blanktecken och ...)."""
    kod = block("python")
    assert kod, "README har inga Python-exempel"
    namnrymd: dict = {}
    parser = doctest.DocTestParser()
    flaggor = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for i, text in enumerate(kod, 1):
        if ">>>" not in text:
            exec(compile(text, f"README python-block {i}", "exec"), namnrymd)
            continue
        test = parser.get_doctest(text, namnrymd, f"README python-block {i}", "README.md", 0)
        utdata: list[str] = []
        runner = doctest.DocTestRunner(optionflags=flaggor)
        runner.run(test, out=utdata.append, clear_globs=False)
        namnrymd.update(test.globs)  # DocTest arbetar på en kopia; nästa block bygger vidare
        assert runner.failures == 0, "".join(utdata)
        assert runner.tries > 0


def test_exakt_tva_installationskommandon():
    """Två bash-block: installation + huvudjobbet, och testerna. Inga andra block som ser ut som installation."""
    bash = [b.strip() for b in block("bash")]
    assert bash == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && "
        "xlmodel skatter-och-bidrag --kommun 1880 --ar 2026 -o orebro_2026.xlsx",
        'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[test]" && python -m pytest',
    ]
    sprak = set(re.findall(r"^```(\w*)$", README, flags=re.M)) - {""}
    assert sprak <= {"bash", "python", "yaml"}, sprak
    huvudjobb = shlex.split(bash[0].split("&& ")[-1])
    assert bygg_parser().parse_args(huvudjobb[1:]).kommun == "1880"


def test_yaml_blocken_ar_giltiga_och_utdraget_stammer():
    """YAML-blocken går att läsa; utdraget ur inkomstutjamning.yaml har samma värden som parameterfilen."""
    ytor = [yaml.safe_load(b) for b in block("yaml")]
    utdrag = next(y for y in ytor if "garantiniva" in y)
    p = xlmodel.parametrar()
    for ar, post in utdrag["garantiniva"]["region"]["values"].items():
        assert p["inkomstutjamning.garantiniva.region"](ar) == pytest.approx(post["value"])
        assert p["inkomstutjamning.garantiniva.region"].referens(ar).startswith(post["reference"].rstrip(". "))
    egen = next(y for y in ytor if "kostnadsutjamning" in y)
    lag = yaml.safe_load((ROT / "xlmodel/parametrar/lag/kostnadsutjamning.yaml").read_text(encoding="utf-8"))
    for namn in ("genomsnittlig_standardkostnad", "kpif"):
        exempel = egen["kostnadsutjamning"][namn]["values"][2026]["value"]
        bilaga_2024 = lag["kostnadsutjamning"][namn]["values"][2024]["value"]
        # README:s mall nämner samma verksamheter som bilagan (KPIF: 2017 och framåt, till utjämningsåret).
        assert set(bilaga_2024) <= set(exempel), (namn, set(bilaga_2024) - set(exempel))


def _modul_for(namn: str, text: str):
    m = re.search(rf"`{namn}\(.*?\)`[^|]*?\(module `([\w.]+)`\)", text)
    if m:
        return importlib.import_module(m.group(1))
    return xlmodel


@pytest.mark.parametrize("rubrik", ["Komponenterna"])
def test_signaturerna_i_tabellen_finns(rubrik):
    """Varje `namn(arg, ...)` i komponenttabellen har exakt de parametrarna (namn, ordning, slag, standardvärde)."""
    text = avsnitt(rubrik)
    rader = [r for r in text.splitlines() if r.startswith("| `")]
    hittade = 0
    for rad in rader:
        for namn, args in re.findall(r"`(\w+)\(([^`]*)\)`", rad):
            modul = _modul_for(namn, rad)
            assert hasattr(modul, namn), f"{modul.__name__}.{namn} finns inte"
            faktisk = inspect.signature(getattr(modul, namn))
            visad = ast.parse(f"def f({args}): pass").body[0].args
            visade = [(a.arg, inspect.Parameter.POSITIONAL_OR_KEYWORD) for a in visad.args]
            visade += [(a.arg, inspect.Parameter.KEYWORD_ONLY) for a in visad.kwonlyargs]
            if visad.kwarg:
                visade.append((visad.kwarg.arg, inspect.Parameter.VAR_KEYWORD))
            assert visade == [(p.name, p.kind) for p in faktisk.parameters.values()], f"{namn}{faktisk}"
            standard = dict(zip([a.arg for a in visad.args][len(visad.args) - len(visad.defaults):], visad.defaults))
            standard.update({a.arg: d for a, d in zip(visad.kwonlyargs, visad.kw_defaults) if d is not None})
            for arg, uttryck in standard.items():
                varde = ast.literal_eval(uttryck)
                if varde is not Ellipsis:  # "=..." : har ett standardvärde som inte visas
                    assert faktisk.parameters[arg].default == varde, f"{namn}: {arg}={varde!r}, koden {faktisk}"
                assert faktisk.parameters[arg].default is not inspect.Parameter.empty, f"{namn}: {arg}"
            hittade += 1
    assert hittade >= 25


def test_namngivna_funktioner_utan_parentes_finns():
    for namn in ["xlmodel.resursfordelning_ramar", "xlmodel.resursfordelning_kriterier", "xlmodel.las_px",
                 "xlmodel.las_skattesatser_px", "xlmodel.importera", "xlmodel.Antaganden",
                 "xlmodel.exempeldata.kostnadsutjamning", "xlmodel.kostnadsutjamning.FASTA_INDEX_KOLUMNER",
                 "xlmodel.budget.standardkostnad_per_aldersgrupp", "xlmodel.fel.Anmarkning"]:
        modul, _, attr = namn.rpartition(".")
        assert hasattr(importlib.import_module(modul), attr), namn
        assert attr in README, namn


def test_kartans_sokvagar_finns():
    """Varje sökväg i Karta (och i resten av README) som ser ut som en fil eller mapp i repot finns."""
    sokvagar = set(re.findall(r"`((?:xlmodel|udfs|workbooks|benchmarks|tests)/[^`*]*?)`", README))
    assert len(sokvagar) > 20
    for s in sokvagar:
        if "YY_NN" in s:  # mönstret för en egen prognosfil
            continue
        assert (ROT / s).exists(), s
    for modul in UDF_MODULER:
        assert f"`{modul}`" in avsnitt("Karta över paketet")
        importlib.import_module(modul)


def test_udf_namnen_finns():
    """Varje XLM_-namn i README finns i udfs/, och varje UDF i udfs/ nämns."""
    finns = {n for m in UDF_MODULER for n in vars(importlib.import_module(m)) if n.startswith("XLM_")}
    namngivna = set(re.findall(r"\bXLM_[A-Z0-9_]*[A-Z0-9]\b", README))
    assert namngivna - finns == set()
    assert finns - namngivna == set()


def test_kommandoradens_tabell_tolkas():
    """Kommandona i tabellen (och alias i texten) tolkas av xlmodel:s egen parser."""
    text = avsnitt("Kommandoraden")
    kommandon = re.findall(r"^\| `xlmodel ([^`]+)` \|", text, flags=re.M)
    assert len(kommandon) == 9
    for k in kommandon:
        k = re.sub(r"\[([^\]]+)\]", r"\1", k).replace(r"\|.csv", "").replace("F ", "F.csv ")
        argv = shlex.split(k)
        bygg_parser().parse_args(argv)
    for alias in ["equalisation", "taxes-and-grants", "compare", "ds1999", "build-templates", "refresh", "fetch"]:
        assert alias in bygg_parser()._subparsers._group_actions[0].choices


def test_egna_parametrar_ofullstandig_bilaga_ger_fel(tmp_path):
    """README: alla 13 verksamheter och KPIF från 2017 behövs; annars ParameterFel som namnger vad som fattas
    (samma fil skrivs om: den läses om, inte ur cachen). Att ett fullständigt överlägg räknas prövas i
    test_parametrar.py."""
    from xlmodel import exempeldata
    lag = xlmodel.parametrar()
    std = dict(lag["kostnadsutjamning.genomsnittlig_standardkostnad"](2024))
    kpif = dict(lag["kostnadsutjamning.kpif"](2024)) | {2025: 2.0, 2026: 2.0}
    fil = tmp_path / "bilaga_2026.yaml"

    def overlagg(std, kpif):
        fil.write_text(yaml.safe_dump({"kostnadsutjamning": {
            "genomsnittlig_standardkostnad": {"values": {2026: {"value": std, "reference": "test (2024 års tal)"}}},
            "kpif": {"values": {2026: {"value": kpif, "reference": "test"}}}}}), encoding="utf-8")
        return str(fil)

    indata = exempeldata.kostnadsutjamning(2026)
    with pytest.raises(ParameterFel, match="genomsnittlig_standardkostnad saknar värde för utjämningsår 2026"):
        xlmodel.kostnadsutjamning(indata, 2026)
    with pytest.raises(ParameterFel, match="saknar verksamheten 'pedagogisk_omsorg'"):
        xlmodel.kostnadsutjamning(indata, 2026, reform=overlagg({k: std[k] for k in ("forskola", "grundskola")}, kpif))
    with pytest.raises(ParameterFel, match="KPIF för år 2017 saknas"):
        xlmodel.kostnadsutjamning(indata, 2026, reform=overlagg(std, {a: v for a, v in kpif.items() if a >= 2022}))
