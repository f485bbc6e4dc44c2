"""Excel-skalet är tunt (DEVELOPERS.md): ingen aritmetik på data i udfs/, bara form och fel.

Tillåtet: att bygga ett årsintervall (``range(a, b + 1)``) och textsammanfogning. Allt annat räknande
(+ − × ÷, summor, medelvärden) ska ligga i motorn."""
import ast
from pathlib import Path

import pytest

UDFS = sorted((Path(__file__).parent.parent / "udfs").glob("*.py"))
ARITMETIK = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
AGGREGAT = {"sum", "mean", "prod", "cumsum", "diff", "round", "fsum"}


def _i_range(nod, foraldrar) -> bool:
    while nod in foraldrar:
        nod = foraldrar[nod]
        if isinstance(nod, ast.Call) and getattr(nod.func, "id", None) == "range":
            return True
    return False


def _ar_text(nod) -> bool:
    return any(isinstance(s, (ast.JoinedStr, ast.Constant)) and isinstance(getattr(s, "value", ""), str)
               or isinstance(s, ast.JoinedStr) for s in (nod.left, nod.right))


@pytest.mark.parametrize("fil", UDFS, ids=lambda p: p.name)
def test_ingen_aritmetik_i_udfs(fil):
    trad = ast.parse(fil.read_text(encoding="utf-8"))
    foraldrar = {barn: nod for nod in ast.walk(trad) for barn in ast.iter_child_nodes(nod)}
    fynd = []
    for nod in ast.walk(trad):
        if isinstance(nod, ast.BinOp) and isinstance(nod.op, ARITMETIK) and not _ar_text(nod) and not _i_range(nod, foraldrar):
            fynd.append(f"rad {nod.lineno}: {ast.unparse(nod)}")
        elif isinstance(nod, ast.AugAssign) and isinstance(nod.op, ARITMETIK):
            fynd.append(f"rad {nod.lineno}: {ast.unparse(nod)}")
        elif isinstance(nod, ast.Call):
            namn = getattr(nod.func, "attr", getattr(nod.func, "id", None))
            if namn in AGGREGAT:
                fynd.append(f"rad {nod.lineno}: {ast.unparse(nod)}")
    assert not fynd, f"{fil.name}: räknande i Excel-skalet (flytta till motorn): " + "; ".join(fynd)
