"""En befintlig Skatter och bidrag-bok läst (mall 1, ``mall_skatter``): användarens indata, vad en ny skrivning
skulle skriva över och om nya data gäller bokens kommun. Läser bara, rör inget."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from ..budget.kalkyl import antaganden_ur_rutnat
from ..fel import IndataFel
from .mall_skatter import SOB_ANTAGANDEN, SOB_DELAR, SOB_MAX_PLANAR, SOB_PLANAR


def samma_kommun(arbetsbok, kommunkod: str, data: pd.DataFrame) -> pd.DataFrame:
    """Vägra data för en annan kommun än arbetsbokens (Indata!B3): en kolumn ``kommunkod`` i datat ska vara
    arbetsbokens kod (kolumnen tas sedan bort); utan den ska folkmängden de år som redan finns i bladet Data
    stämma inom 10 %. Ger datat utan ``kommunkod``."""
    from openpyxl import load_workbook

    from ..validering import normalisera_kod

    if "kommunkod" in data.columns:
        koder = {normalisera_kod(k, 4, "kommunkod") for k in data["kommunkod"].dropna()}
        if koder - {kommunkod}:
            raise IndataFel(f"Datat gäller kommun {', '.join(sorted(koder - {kommunkod}))}, men arbetsboken "
                            f"{Path(arbetsbok).name} gäller kommun {kommunkod} (Indata!B3). Inget skrevs.")
        return data.drop(columns="kommunkod")
    wb = load_workbook(arbetsbok, read_only=True, data_only=True)
    try:
        rader = list(wb["Data"].iter_rows(values_only=True)) if "Data" in wb.sheetnames else []
    finally:
        wb.close()
    if len(rader) < 2 or "folkmangd" not in data.columns:
        return data
    gammal = pd.DataFrame(rader[1:], columns=rader[0])
    if "folkmangd" not in gammal or "ar" not in gammal:
        return data
    bada = gammal[["ar", "folkmangd"]].dropna().merge(data[["ar", "folkmangd"]].dropna(), on="ar")
    if len(bada):
        kvot = (pd.to_numeric(bada["folkmangd_y"]) / pd.to_numeric(bada["folkmangd_x"])).median()
        if not 0.9 <= kvot <= 1.1:
            raise IndataFel(f"Datat verkar gälla en annan kommun än arbetsbokens ({kommunkod}): folkmängden skiljer "
                            f"sig {abs(kvot - 1):.0%} från bladet Data samma år. Lägg till kolumnen kommunkod i datat "
                            "om det är rätt kommun. Inget skrevs.")
    return data


#: Bladen som bygg_skatter_och_bidrag skriver (andra blad i en befintlig bok är användarens egna).
SOB_BLAD = {"Om", "Rapport", "Indata", "Budget", "Standard", "Data", "Beräknat", "_xlmodel", "xlwings.conf",
            "Marginalintäkt", "Känslighet", "Reform", *SOB_DELAR}


def egen_indata(arbetsbok, kommunkod: str, ar: int, prognos: str, egna: dict, planar: int = SOB_PLANAR) -> list[str]:
    """Det i en befintlig arbetsbok som en ny skrivning med dessa värden skulle skriva över: gula indataceller
    med andra värden, egna blad; en fil som inte är en Skatter och bidrag-arbetsbok räknas som egen i sin helhet."""
    import zipfile

    from .arbetsbok import _struktur

    namn = Path(arbetsbok).name
    try:
        ind = las_indata(arbetsbok)
    except IndataFel as e:
        return [f"{namn} är ingen arbetsbok från xlmodel skatter-och-bidrag: {e}"]
    ut = [f"Indata {t}: {v!r}" for t, v, ny in (("kommunkod", ind["kommunkod"], str(kommunkod)), ("budgetår", ind["ar"], ar),
                                               ("reform", ind["reform"], None)) if v != ny]
    ant = dict(ind["antaganden"])
    if ant.pop("prognos", None) != prognos:
        ut.append("Indata prognosfil")
    if ant.pop("planar", None) != planar:
        ut.append("Indata planår")
    ut += [f"Indata {k}" for k, v in ant.items() if {a: float(x) for a, x in v.items()} !=
           {a: float(x) for a, x in (egna or {}).get(k, {}).items()}]
    with zipfile.ZipFile(arbetsbok) as z:  # bladnamnen ur workbook.xml (las_indata har redan läst boken)
        ut += [f"bladet {b}" for b in _struktur(z)[1] if b not in SOB_BLAD]
    return ut


def las_indata(arbetsbok) -> dict:
    """Användarens indata ur en Skatter och bidrag-arbetsbok: kommunkod, år, planår, prognos, reform och de
    egna antagandena (gula celler) som en dict för ``Antaganden``. Läser bara, rör inget. En formel i en
    indatacell ger det värde Excel senast sparade; saknas ett sparat värde är det ett fel (formler räknas inte)."""
    from ..kallor.filer import kontrollera_xlsx
    kontrollera_xlsx(arbetsbok)
    sista_rad, sista_kol = 10 + len(SOB_ANTAGANDEN), 2 + SOB_MAX_PLANAR
    celler = _indatablock(arbetsbok, False, sista_rad, sista_kol)  # ett svep över bladet, inte ett per cell
    sparade: list = []  # de sparade värdena läses bara om en indatacell har en formel

    def cell(rad: int, kol: int):
        v = celler[rad - 1][kol - 1]
        if isinstance(v, str) and v.startswith("=") or hasattr(v, "text"):  # formel (eller matrisformel)
            sparade[:] = sparade or _indatablock(arbetsbok, True, sista_rad, sista_kol)
            v = sparade[rad - 1][kol - 1]
            if v is None:
                raise IndataFel(f"Formel i indatacell Indata!{get_column_letter(kol)}{rad} utan sparat värde: "
                                "öppna och spara boken i Excel, eller skriv ett tal.")
        return v

    varde = {r: cell(r, 2) for r in range(3, 8)}
    try:
        ar = int(varde[4])
    except (TypeError, ValueError):
        raise IndataFel(f"Indata!B4 (budgetår) är {varde[4]!r}, inget år.") from None
    ut = {"kommunkod": str(varde[3]), "ar": ar, "reform": varde[7] or None,
          "antaganden": {"planar": varde[5], "prognos": varde[6]}}
    for i, namn in enumerate(SOB_ANTAGANDEN, start=11):
        per_ar = {ar + j: cell(i, 2 + j) for j in range(SOB_MAX_PLANAR + 1)}
        per_ar = {a: v for a, v in per_ar.items() if v is not None}
        if per_ar:
            ut["antaganden"][namn] = per_ar
    ut["antaganden"] = antaganden_ur_rutnat(ut["antaganden"])  # kolumnerna är budgetår
    return ut


def _indatablock(arbetsbok, sparade_varden: bool, rader: int, kolumner: int) -> list[list]:
    """Bladet Indatas celler A1 till (``rader``, ``kolumner``) som värden i ett svep (``sparade_varden``: det Excel
    senast räknade i formelcellerna, annars formlerna). Bara bladet Indata öppnas (``_EttBlad``)."""
    wb = _EttBlad(arbetsbok, "Indata", sparade_varden).las()
    try:
        if "Indata" not in wb.sheetnames:
            raise IndataFel(f"{Path(arbetsbok).name} saknar bladet Indata: den är ingen Skatter och bidrag-arbetsbok från xlmodel.")
        celler = [list(r) + [None] * (kolumner - len(r))
                  for r in wb["Indata"].iter_rows(min_row=1, max_row=rader, max_col=kolumner, values_only=True)]
        return celler + [[None] * kolumner for _ in range(rader - len(celler))]  # bladet kan sluta tidigare
    finally:
        wb.close()


class _EttBlad(ExcelReader):
    """``load_workbook(read_only=True)`` som öppnar ett enda blad: den läser annars början av varje blad (storleken)
    när boken öppnas, och det var det mesta av tiden att läsa Indata ur en befintlig bok."""

    def __init__(self, fil, blad: str, data_only: bool):
        super().__init__(fil, read_only=True, data_only=data_only)
        self.blad = blad

    def read_worksheets(self):  # som ExcelReader.read_worksheets med read_only, bara för bladet
        for sheet, rel in self.parser.find_sheets():
            if sheet.name == self.blad and rel.target in self.valid_files and "chartsheet" not in rel.Type:
                ws = ReadOnlyWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    def las(self):
        """Som ``ExcelReader.read`` utan egenskaperna och de definierade namnen (som binds till blad efter plats)."""
        self.read_manifest()
        self.read_strings()
        self.read_workbook()
        self.read_theme()
        apply_stylesheet(self.archive, self.wb)  # talformaten: datum läses som datum
        self.read_worksheets()
        return self.wb
