"""Bladet Reform i Skatter och bidrag: budgetblocket enligt lag och enligt ett reformöverlägg, och skillnaden
(``xlmodel.jamfor_reform`` i Excel: två ``XLM_SOB_BLOCK`` och cellernas skillnad). Skrivs av
``xlmodel skatter-och-bidrag --reform``."""
from __future__ import annotations

from openpyxl.utils import get_column_letter

from ..parametrar import kontrollera_reformar, reform_antagande
from .mall import dolj_na, fet, matrisformel, rubrikstil, summarader
from .utskrift import FORMAT, rubrik

BLAD = "Reform"
RAD_LAG = 6  # översta raden (rubrikraden) i lagens block; reformens och skillnadens följer under


def reform_blad(wb, reform: str, ar: int, args: str, data: str, rader: list[str], n_ar: int) -> dict[str, str]:
    """Lägg till bladet Reform. ``args``: XLM_SOB_BLOCK:s första fem argument (kommunkod, år, planår, prognos,
    antaganden) som cellreferenser; ``data``: ",<dataområde>" eller ""; ``rader``: blockets rader. Ger
    {"lag"|"reform": matrisformelns område, "skillnad": skillnadens område}. Fel om reformen inte har något
    värde för budgetåret och planåren (``kontrollera_reformar``)."""
    om = kontrollera_reformar(reform, ar, ar + n_ar - 1)
    ws = wb.create_sheet(BLAD)
    rubrik(ws, "A1", f"Reform sida vid sida: {om.get('namn', reform)} mot gällande lag, mnkr", 13)
    ws["A2"] = f"Antagande: {reform_antagande(reform)}"
    ws["A3"] = (f"Status: {om.get('status', 'ej angiven')}. Reformen gäller från utjämningsår {om['forsta_ar']}: "
                f"kolumner före det året visar lagen. Byt reform: xlmodel skatter-och-bidrag --reform NAMN.")
    ws["A4"] = " ".join(str(om.get("regleringspost", "")).split())
    sista = get_column_letter(1 + n_ar)
    hojd = len(rader) + 1
    ut = {}
    for i, (namn, rubriktext, ref) in enumerate((("lag", "Enligt gällande lag", '""'),
                                                 ("reform", f"Enligt reformen ({reform})", f'"{reform}"'))):
        rad0 = RAD_LAG + i * (hojd + 2)
        ws[f"A{rad0 - 1}"] = rubriktext
        ws[f"A{rad0 - 1}"].font = fet()
        ut[namn] = matrisformel(ws, f"A{rad0}", hojd, 1 + n_ar, f"=XLM_SOB_BLOCK({args},{ref},\"mnkr\"{data})")
        _stil(ws, rad0, rader, sista)
    lag0, ref0 = RAD_LAG, RAD_LAG + hojd + 2
    sk0 = ref0 + hojd + 2
    ws[f"A{sk0 - 1}"] = "Skillnad: reform − lag (mnkr)"
    ws[f"A{sk0 - 1}"].font = fet()
    for r in range(hojd):
        ws.cell(row=sk0 + r, column=1, value=f"=A{ref0 + r}")
        for j in range(2, 2 + n_ar):
            k = get_column_letter(j)
            a, b = f"{k}{ref0 + r}", f"{k}{lag0 + r}"  # en tom rad (ej angiven del) förblir tom
            ws.cell(row=sk0 + r, column=j, value=f"={k}{ref0}" if r == 0 else f'=IF(AND(ISNUMBER({a}),ISNUMBER({b})),{a}-{b},"")')
    ut["skillnad"] = f"A{sk0}:{sista}{sk0 + hojd - 1}"
    _stil(ws, sk0, rader, sista)
    ws.column_dimensions["A"].width = 57
    ws.freeze_panes = "B1"
    return ut


def _stil(ws, rad0: int, rader: list[str], sista: str) -> None:
    rubrikstil(ws, f"A{rad0}:{sista}{rad0}")
    for rad in ws[f"B{rad0 + 1}:{sista}{rad0 + len(rader)}"]:
        for c in rad:
            c.number_format = FORMAT["mnkr"]
    summarader(ws, rad0 + 1, rader, sista)
    dolj_na(ws, f"A{rad0}:{sista}{rad0 + len(rader)}")
