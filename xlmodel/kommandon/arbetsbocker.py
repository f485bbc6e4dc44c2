"""Kommandona ``uppdatera`` (nya data i en arbetsbok utan att röra indata) och ``bygg-mallar``."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..fel import XlmodelFel
from .filer import kontrollera_mapp, las_tabell

if TYPE_CHECKING:
    import pandas as pd


def kor_uppdatera(args) -> int:
    from ..excel.arbetsbok import datablad
    from ..excel.mallar import las_indata
    from ..kallor.filer import xlsx_fel

    if args.data and args.hamta:
        raise XlmodelFel("--hamta gäller bara utan --data (med --data kommer datat från filen).")
    if Path(args.arbetsbok).suffix.lower() not in (".xlsx", ".xlsm"):
        raise XlmodelFel(f"{args.arbetsbok}: ange en arbetsbok (.xlsx) som skapats av xlmodel skatter-och-bidrag.")
    with xlsx_fel(Path(args.arbetsbok)):  # en skadad bok: "filen är skadad", inte "oväntat fel"
        datablad(args.arbetsbok)  # vägrar en bok utan _xlmodel (inte en xlmodel-arbetsbok) innan något läses
        indata = las_indata(args.arbetsbok)
    data = las_tabell(args.data) if args.data else _nyaste_data(args, indata["kommunkod"])
    return uppdatera(args.arbetsbok, data)


def uppdatera(arbetsbok, data: pd.DataFrame) -> int:
    """``uppdatera``: nya data i bladet Data, motorns värden sparade i formlerna, Rapport och noten omskrivna."""
    from ..excel.arbetsbok import uppdatera_arbetsbok
    from ..excel.las_skatter import samma_kommun
    from ..excel.mall_skatter import rapport_och_not
    from ..excel.mallar import las_indata
    from ..budget import antaganden_ur_data, skatter_och_bidrag
    from ..excel.utskrift import avrunda

    indata = las_indata(arbetsbok)
    data = samma_kommun(arbetsbok, indata["kommunkod"], data)
    ant = antaganden_ur_data(data, indata["antaganden"])
    block = skatter_och_bidrag(indata["kommunkod"], indata["ar"], ant, reform=indata["reform"], kolumner="ar")
    rapport = [skatter_och_bidrag(indata["kommunkod"], indata["ar"], ant, reform=indata["reform"], enhet=e)
               for e in ("mnkr", "kr_per_inv")]  # Rapport: kolumnerna Bokslut, Budget, Plan
    backup = uppdatera_arbetsbok(arbetsbok, {"Data": data, "Beräknat": avrunda(block.reset_index())}, sparade_varden=True,
                                 statiska=rapport_och_not(block, *rapport, indata, data))
    print(f"Uppdaterade {arbetsbok} (indata orörda); säkerhetskopia: {backup}.")
    return 0


def _nyaste_data(args, kommunkod: str) -> pd.DataFrame:
    """``uppdatera`` utan ``--data``: bladet Data ur de nyaste hämtade eller medföljande data (``--hamta``: hämta
    först); skriver vilken årgång som ersatte vilken."""
    import pandas as pd

    from ..budget.data import kommundata
    from ..kallor.hamtat import andringar, datablad

    if args.hamta:
        from .hamta import kor_hamtning
        kor_hamtning([], kommunkod, args.tidsgrans)
    gammal = pd.read_excel(args.arbetsbok, sheet_name="Data")
    try:  # medföljande värden före arbetsbokens; arbetsbokens år och värden som inte medföljer behålls
        medf = kommundata(kommunkod).set_index("ar")
        bas = medf.combine_first(gammal.set_index("ar"))[list(gammal.columns.drop("ar"))].reset_index()
        bas_text = "medföljande data (arbetsbokens där inget medföljer)"
    except XlmodelFel:  # kommunen har inga medföljande data: arbetsbokens egna är basen
        bas, bas_text = gammal, "arbetsbokens tidigare data"
    ny, kallor = datablad(kommunkod, bas)
    rader = andringar(gammal, ny, kallor)
    print(f"Data för kommun {kommunkod}: {bas_text}" + (f", med hämtade tabeller ovanpå ({len(kallor)} kolumner)." if kallor else
          "; inga hämtade tabeller i cachen (kör xlmodel hamta)."))
    print("\n".join(f"  {r}" for r in rader) if rader else "  Inga värden ändrades.")
    return ny[[c for c in ny.columns if c in gammal.columns or c == "ar"]]


def kor_bygg_mallar(args) -> int:
    from ..excel.mallar import bygg_alla

    mapp = Path(args.mapp)
    if mapp.exists() and not mapp.is_dir():
        raise XlmodelFel(f"--mapp {args.mapp} är en fil, inte en mapp.")
    kontrollera_mapp(mapp, f"mappen {args.mapp}")
    for i, p in enumerate(bygg_alla(mapp), start=1):
        print(f"[{i}] {p}")
    return 0
