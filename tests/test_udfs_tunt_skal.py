"""Excel-skalet är tunt (DEVELOPERS.md): ingen aritmetik på data i udfs/, bara form och fel.

Tillåtet: att bygga ett årsintervall (``range(a, b + 1)``) och textsammanfogning. Allt annat räknande
(+ − × ÷, unärt minus, summor, medelvärden, abs/min/max/round, numpys och pandas räknefunktioner som
``np.add``/``df.mul``) ska ligga i motorn."""
import ast
from pathlib import Path

import pytest

UDFS = sorted((Path(__file__).parent.parent / "udfs").glob("*.py"))
ARITMETIK = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
AGGREGAT = {"sum", "mean", "prod", "cumsum", "diff", "round", "fsum", "abs", "min", "max", "median", "std", "var"}
#: numpys ufuncs och pandas räknemetoder (np.add, df.mul, s.sub ...), som anrop på modul eller objekt.
RAKNEMETODER = {
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "truediv", "floordiv", "mod", "pow", "power",
    "radd", "rsub", "rmul", "rdiv", "rtruediv", "rfloordiv", "rpow", "dot", "sqrt", "exp", "log", "log10",
    "negative", "absolute", "fabs", "clip", "cumprod", "cummax", "cummin", "maximum", "minimum", "average",
    "nansum", "nanmean", "floor", "ceil", "rint", "around", "square", "reciprocal", "pct_change", "rank",
}


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
        elif isinstance(nod, ast.UnaryOp) and isinstance(nod.op, ast.USub) and not isinstance(nod.operand, ast.Constant):
            fynd.append(f"rad {nod.lineno}: {ast.unparse(nod)}")  # -x (ett negativt tal, -1, är ingen räkning)
        elif isinstance(nod, ast.Call):
            namn = getattr(nod.func, "attr", getattr(nod.func, "id", None))
            if namn in AGGREGAT or (isinstance(nod.func, ast.Attribute) and namn in RAKNEMETODER):
                fynd.append(f"rad {nod.lineno}: {ast.unparse(nod)}")
    assert not fynd, f"{fil.name}: räknande i Excel-skalet (flytta till motorn): " + "; ".join(fynd)


@pytest.mark.parametrize("kod", [
    "y = -x", "y = abs(x)", "y = min(a, b)", "y = max(a)", "y = round(x, 1)", "y = np.add(a, b)",
    "y = df.mul(2)", "y = s.sub(t)", "y = np.sqrt(x)", "y = a + b", "y = df['a'].sum()",
])
def test_vakten_fangar_rakning(kod, tmp_path):
    """Vakten själv: varje slags räkning ovan hittas (så att en framtida ändring i udfs/ inte slinker igenom)."""
    f = tmp_path / "x.py"
    f.write_text(kod + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="räknande i Excel-skalet"):
        test_ingen_aritmetik_i_udfs(f)


def test_vakten_tillater_form(tmp_path):
    """Form utan räkning går igenom: negativa konstanter, ett årsintervall, textsammanfogning, kodformatering."""
    f = tmp_path / "x.py"
    f.write_text("y = -1\nr = range(a, b + 1)\nt = 'a' + 'b'\nk = str(int(x)).zfill(2)\nv = [*rad, None]\n",
                 encoding="utf-8")
    test_ingen_aritmetik_i_udfs(f)
