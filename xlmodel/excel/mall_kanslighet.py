"""Bladet Känslighet i Skatter och bidrag: garantinivå 110–120 % mot kommunens inkomstutjämning (lag 2004:773 4 §),
räknat av ``=XLM_SCENARIER`` (``xlmodel.scenarier``, alla scenarier i ett anrop)."""
from __future__ import annotations

from openpyxl.utils import get_column_letter

from .mall import GUL, dolj_na, fet, matrisformel, rubrikrad
from .utskrift import FORMAT, rubrik

GARANTINIVAER = [round(1.10 + 0.01 * i, 2) for i in range(11)]  # 110–120 %, gula celler
RIKET_SKALA = 10_000_000  # rikets totaler i skala: bara medelskattekraften (3 §) påverkar utjämningen
RAD_VARDEN, RAD_RESULTAT = 10, 12


def kanslighet_blad(wb, kod: str, ar: str, reform: str, varde) -> str:
    """Lägg till bladet Känslighet. ``kod``, ``ar``, ``reform``: cellreferenser i Indata; ``varde(namn)``: cellen
    med budgetårets värde ur XLM_SOB_VARDEN (folkmangd, upprakningsfaktor, skattekraft, medelskattekraft,
    inkomstutjamning_kr_per_inv). Ger matrisformelns område."""
    ws = wb.create_sheet("Känslighet")
    rubrik(ws, "A1", "Känslighetsanalys: garantinivå 110–120 % mot kommunens inkomstutjämning (lag 2004:773 4 §)", 13)
    ws["A2"] = "Budgetåret i Indata. Skriv egna garantinivåer i de gula cellerna (rad 10); tabellen räknas av =XLM_SCENARIER."
    rubrikrad(ws, 3, 1, ["kommunkod", "skatteunderlag", "folkmangd"])
    ws["A4"] = f"={kod}"
    ws["B4"] = f"={varde('skattekraft')}*{varde('folkmangd')}/{varde('upprakningsfaktor')}"  # ej uppräknat, kr
    ws["C4"] = f"={varde('folkmangd')}"
    ws["A6"], ws["B6"] = "Rikets skatteunderlag (skala)", f"={varde('medelskattekraft')}/{varde('upprakningsfaktor')}*B7"
    ws["A7"], ws["B7"] = "Rikets folkmängd (skala)", RIKET_SKALA
    ws["A8"] = ("Rikets totaler i skala 10 miljoner invånare: bara medelskattekraften (3 §) påverkar utjämningen. "
                "Kommunens skatteunderlag = skattekraft × folkmängd / uppräkningsfaktor (Indata).")
    for c in ("B4", "B6"):
        ws[c].number_format = FORMAT["antal"]
    ws[f"A{RAD_VARDEN}"] = "Garantinivå"
    ws[f"A{RAD_VARDEN}"].font = fet()
    sista = get_column_letter(1 + len(GARANTINIVAER))
    for j, g in enumerate(GARANTINIVAER, start=2):
        c = ws.cell(row=RAD_VARDEN, column=j, value=g)
        c.fill, c.number_format = GUL, "0%"
    omrade = matrisformel(ws, f"A{RAD_RESULTAT}", 2, 1 + len(GARANTINIVAER),
                          f"=XLM_SCENARIER($A$3:$C$4,{ar},\"inkomstutjamning.garantiniva.kommun\",$B${RAD_VARDEN}:${sista}${RAD_VARDEN},"
                          f"$B$6,$B$7,\"kommun\",{reform})")
    dolj_na(ws, omrade)
    ws[f"A{RAD_RESULTAT + 2}"] = "Inkomstutjämning, mnkr"
    ws[f"A{RAD_RESULTAT + 3}"] = "Skillnad mot budgetåret i Budget, kr/inv"
    for j in range(2, 2 + len(GARANTINIVAER)):
        k = get_column_letter(j)
        ws.cell(row=RAD_RESULTAT, column=j).number_format = "0%"
        ws.cell(row=RAD_RESULTAT + 1, column=j).number_format = FORMAT["kr_per_inv"]
        ws[f"{k}{RAD_RESULTAT + 2}"] = f"={k}{RAD_RESULTAT + 1}*$C$4/1000000"
        ws[f"{k}{RAD_RESULTAT + 2}"].number_format = FORMAT["mnkr"]
        ws[f"{k}{RAD_RESULTAT + 3}"] = f"={k}{RAD_RESULTAT + 1}-{varde('inkomstutjamning_kr_per_inv')}"
        ws[f"{k}{RAD_RESULTAT + 3}"].number_format = FORMAT["kr_per_inv"]
    ws[f"A{RAD_RESULTAT + 5}"] = ("Rad 13: inkomstutjämningsbidrag (+) eller -avgift (−) i kr per invånare vid varje garantinivå, "
                                  "övriga regler oförändrade (gällande lag eller reformen i Indata).")
    ws.column_dimensions["A"].width = 40
    return omrade
