"""Bladet Marginalintäkt i Skatter och bidrag: årlig intäkt av en invånare till, per typperson
(``xlmodel.marginalintakt`` via ``XLM_MARGINALINTAKT_TABELL`` och ``XLM_MARGINALINTAKT``)."""
from __future__ import annotations

from openpyxl.styles import Alignment

from .mall import GUL, dolj_na, fet, matrisformel, rubrikrad, rubrikstil
from .utskrift import FORMAT, rubrik

#: Indatatabellens kolumner (motorns namn, läses av XLM_MARGINALINTAKT_TABELL).
KOLUMNER = ["typperson", "inkomst", "aldersgrupp", "ar_sedan_inflytt", "standardkostnad", "medelstandardkostnad"]
#: Förvalda typpersoner: (typperson, inkomst, åldersgrupp). Inkomsten "MSK" = medelskattekraften (rikets
#: uppräknade skatteunderlag per invånare, ur bladet Indata): ett räkneexempel ur data, inte en påhittad lön.
TYPPERSONER = [
    ("Nyfödd", 0, "0 år"),
    ("7-åring", 0, "7–12 år"),
    ("20-åring i arbete", "MSK", "20–64 år"),
    ("85-åring", 0, "80–89 år, ensamboende"),
]
RAD_RUBRIK = 5  # indatatabellens rubrikrad
RADER = 10  # plats för typpersoner (tomma rader hoppas över)
RAD_RESULTAT = RAD_RUBRIK + RADER + 3  # matrisformelns översta rad
RESULTATKOLUMNER = 9  # typperson, aldersgrupp, inkomst, skatt, inkomstutjamning, regleringspost, strukturbidrag, kostnadsutjamning, summa


def marginalintakt_blad(wb, kod: str, ar: str, prognos: str, antaganden: str, reform: str, data: str, msk: str):
    """Lägg till bladet Marginalintäkt. Argumenten är cellreferenser i Indata (``data``: ",<område>" eller "";
    ``msk``: cellen med medelskattekraften för budgetåret). Ger matrisformelns område."""
    ws = wb.create_sheet("Marginalintäkt")
    rubrik(ws, "A1", "Marginalintäkt: kommunens årliga intäkt av en invånare till, per typperson (kr)", 13)
    ws["A2"] = ("Skatt, inkomstutjämning, regleringspost och strukturbidrag för budgetåret i Indata; "
                "kostnadsutjämningen bara om standardkostnad och medelstandardkostnad är ifyllda (annars 0).")
    ws[f"A{RAD_RUBRIK - 1}"] = "Typpersoner (gula celler: skriv egna; tomma rader hoppas över)"
    ws[f"A{RAD_RUBRIK - 1}"].font = fet()
    rubrikrad(ws, RAD_RUBRIK, 1, KOLUMNER)
    for i in range(RADER):
        for j in range(len(KOLUMNER)):
            c = ws.cell(row=RAD_RUBRIK + 1 + i, column=1 + j)
            c.fill = GUL
            c.number_format = FORMAT["kr_per_inv"] if j in (1, 4, 5) else "General"
    for i, (namn, inkomst, grupp) in enumerate(TYPPERSONER, start=RAD_RUBRIK + 1):
        ws.cell(row=i, column=1, value=namn)
        ws.cell(row=i, column=2, value=f"={msk}" if inkomst == "MSK" else inkomst)
        ws.cell(row=i, column=3, value=grupp)
    personer = f"$A${RAD_RUBRIK}:$F${RAD_RUBRIK + RADER}"
    ws[f"A{RAD_RESULTAT - 1}"] = "Marginalintäkt, kr per år"
    ws[f"A{RAD_RESULTAT - 1}"].font = fet()
    omrade = matrisformel(ws, f"A{RAD_RESULTAT}", RADER + 1, RESULTATKOLUMNER,
                          f"=XLM_MARGINALINTAKT_TABELL({kod},{ar},{personer},{prognos},{antaganden},{reform}{data})")
    rubrikstil(ws, f"A{RAD_RESULTAT}:I{RAD_RESULTAT}")
    for rad in ws.iter_rows(min_row=RAD_RESULTAT + 1, max_row=RAD_RESULTAT + RADER, min_col=3, max_col=RESULTATKOLUMNER):
        for c in rad:
            c.number_format = FORMAT["kr_per_inv"]
    dolj_na(ws, omrade)
    en = RAD_RESULTAT + RADER + 2
    ws[f"A{en}"] = "Samma för första typpersonen med en cell: =XLM_MARGINALINTAKT (summa, kr)"
    ws[f"B{en}"] = (f"=XLM_MARGINALINTAKT({kod},{ar},B{RAD_RUBRIK + 1},C{RAD_RUBRIK + 1},D{RAD_RUBRIK + 1},"
                    f"E{RAD_RUBRIK + 1},F{RAD_RUBRIK + 1},\"summa\",{prognos},{antaganden},{reform}{data})")
    ws[f"B{en}"].number_format = FORMAT["kr_per_inv"]
    noter = [
        "inkomst: personens beskattningsbara förvärvsinkomst i budgetårets nivå, kr. 20-åringens förval är "
        "medelskattekraften (rikets skatteunderlag per invånare, ur Indata): ett räkneexempel, skriv personens egen inkomst; "
        "barnens och 85-åringens 0 betyder ingen angiven inkomst (skriv t.ex. pensionen).",
        "aldersgrupp: kostnadsutjämningens åldersgrupper (t.ex. 0 år, 7–12 år, 20–64 år, 80–89 år, ensamboende).",
        "ar_sedan_inflytt: tomt = på sikt; 0 eller 1 = personen räknas i folkmängden men skatten och inkomsten i "
        "inkomstutjämningen kommer först efter två år (skatteunderlaget år t är inkomstår t−2).",
        "standardkostnad, medelstandardkostnad: personens standardkostnad och rikets genomsnitt i kostnadsutjämningen "
        "(kr, t.ex. ur kommunens utfall); tomma = kostnadsutjämningen räknas som 0 och summan saknar den.",
        "Inkomstutjämningen räknas exakt (lag 2004:773 3–7 §§), med personen i både kommunens och rikets underlag.",
        "Källa: xlmodel.marginalintakt; jfr SKL:s PM Marginalintäkter vid befolkningsförändring (2014).",
    ]
    for i, text in enumerate(noter, start=en + 2):
        ws.cell(row=i, column=1, value=text).alignment = Alignment(wrap_text=False)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["C"].width = 24
    ws.freeze_panes = f"A{RAD_RUBRIK + 1}"
    return omrade
