"""Benchmark: skriver kvoter, inga påståenden. Kör: python benchmarks/bench.py

1. Hela landet (290 kommuner) vektoriserat mot en loop med ett anrop per kommun (med rikstotaler).
2. Tid per skalärt UDF-anrop (Python-sidan, µs) och omslagets overhead mot motorn med IDENTISKA indata
   (samma tabell, samma år och rikstotaler som UDF:en själv bygger).
3. Kostnadsutjämningen för 290 kommuner (syntetisk exempeldata) och Skatter & bidrag per kommun.
4. Mallarna med ``formulas``, var för sig: bygget, inläsning + kompilering, och beräkningen uppdelad i tid i
   UDF:erna och tid i formelmotorn (utan openpyxl-läsningen som testernas ``Bok`` gör för konstanter).
"""
from __future__ import annotations

import os

os.environ.setdefault("TQDM_DISABLE", "1")  # formulas visar förloppsindikatorer (tqdm); tyst i mätningen

import time

import numpy as np
import pandas as pd

import xlmodel
from udfs import inkomst


def _tid(f, n=5):
    bast = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        f()
        bast = min(bast, time.perf_counter() - t)
    return bast


def main() -> None:
    k = xlmodel.kommuner()
    rng = np.random.default_rng(0)
    n = rng.integers(2_500, 1_000_000, len(k)).astype(float)
    underlag = pd.DataFrame({"kommunkod": k["kommunkod"], "skatteunderlag": n * rng.normal(250_000, 30_000, len(k)), "folkmangd": n})
    riket = {"skatteunderlag": underlag["skatteunderlag"].sum(), "folkmangd": n.sum()}

    vekt = _tid(lambda: xlmodel.inkomstutjamning(underlag, 2026, riket=riket))
    loop = _tid(lambda: [xlmodel.inkomstutjamning(underlag.iloc[[i]], 2026, riket=riket) for i in range(len(k))], n=2)
    print(f"Inkomstutjämning, 290 kommuner: vektoriserat {vekt * 1e3:.1f} ms, loop per kommun {loop * 1e3:.0f} ms, kvot loop/vektoriserat {loop / vekt:.0f}x")

    rad = underlag.iloc[0]
    args = (rad.kommunkod, 2026.0, float(rad.skatteunderlag), float(rad.folkmangd), riket["skatteunderlag"], riket["folkmangd"])
    # samma indata som XLM_INKOMST_KRINV bygger av sina argument (se udfs/inkomst.py)
    en = pd.DataFrame({"kommunkod": [args[0]], "skatteunderlag": [args[2]], "folkmangd": [args[3]]}, dtype=object)
    udf = _tid(lambda: [inkomst.XLM_INKOMST_KRINV(*args) for _ in range(200)]) / 200
    motor = _tid(lambda: [xlmodel.inkomstutjamning(en, 2026.0, niva="kommun", riket=riket, reform=None) for _ in range(200)]) / 200
    print(f"Skalär UDF XLM_INKOMST_KRINV: {udf * 1e6:.0f} µs per anrop; motorn direkt, samma indata: {motor * 1e6:.0f} µs; "
          f"omslaget (konvertering + felhantering) kostar {(udf - motor) * 1e6:.0f} µs, kvot UDF/motor {udf / motor:.2f}")
    omr = [list(underlag.columns)] + underlag.values.tolist()
    tab = _tid(lambda: inkomst.XLM_INKOMST_TABELL(omr, 2026.0, riket["skatteunderlag"], riket["folkmangd"]))
    print(f"Matris-UDF XLM_INKOMST_TABELL, 290 kommuner i ett anrop: {tab * 1e3:.1f} ms (mot {290 * udf * 1e3:.0f} ms för 290 skalära anrop, kvot {290 * udf / tab:.0f}x)")


def kostnad_och_block() -> None:
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    t = _tid(lambda: xlmodel.kostnadsutjamning(ind, 2024), n=3)
    print(f"Kostnadsutjämning, 290 kommuner (syntetiska indata), alla delmodeller: {t * 1e3:.0f} ms")
    t = _tid(lambda: xlmodel.skatter_och_bidrag("1880", 2026, {"prognos": "pahittad_exempel_a", "planar": 3}), n=3)
    print(f"Skatter & bidrag, en kommun, budgetår + 3 planår: {t * 1e3:.0f} ms")


def mallar() -> None:
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    import formulas
    import openpyxl
    from xlformler import registrera_udfs

    from xlmodel.excel.mallar import MALLAR

    registrera_udfs()
    funktioner = formulas.get_functions()
    udf_tid = [0.0, 0]
    for namn in [n for n in funktioner if n.startswith("XLM_")]:
        f = funktioner[namn]

        def tidtagen(*a, _f=f):
            t = time.perf_counter()
            try:
                return _f(*a)
            finally:
                udf_tid[0] += time.perf_counter() - t
                udf_tid[1] += 1
        funktioner[namn] = tidtagen
    with tempfile.TemporaryDirectory() as d:
        for namn, bygg in MALLAR.items():
            fil = Path(d) / namn
            t0 = time.perf_counter()
            bygg(fil)
            t1 = time.perf_counter()
            openpyxl.load_workbook(fil)
            t2 = time.perf_counter()
            modell = formulas.ExcelModel().loads(str(fil)).finish()
            t3 = time.perf_counter()
            udf_tid[:] = [0.0, 0]
            modell.calculate()
            t4 = time.perf_counter()
            berakning = t4 - t3
            print(f"Mall {namn}: bygget {t1 - t0:.2f} s | openpyxl-läsning {t2 - t1:.2f} s | formulas inläsning+kompilering "
                  f"{t3 - t2:.2f} s | beräkning {berakning:.2f} s = UDF:er {udf_tid[0]:.2f} s ({udf_tid[1]} anrop) "
                  f"+ formelmotorn {berakning - udf_tid[0]:.2f} s (UDF-andel {udf_tid[0] / berakning:.0%})")


if __name__ == "__main__":
    main()
    kostnad_och_block()
    mallar()
