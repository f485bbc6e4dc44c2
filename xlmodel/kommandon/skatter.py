"""Huvudjobbet ``skatter-och-bidrag`` (budgetblocket och kommunens arbetsbok) och ``prognos ny``."""
from __future__ import annotations

from pathlib import Path

from ..fel import XlmodelFel
from .argument import spann
from .filer import kontrollera_utfil


def kor_skatter_och_bidrag(args) -> int:
    from ..excel.mallar import SOB_ANTAGANDEN, bygg_skatter_och_bidrag
    from ..budget import kommundata, skatter_och_bidrag
    from ..budget.data import kontrollera_kod
    from ..budget.huvudjobb import BELOPP_FLAGGOR, KR_PER_INV_FLAGGOR, belopp, egna_antaganden, skriv_regionbok, som_text

    kontrollera_utfil(args.o, (".xlsx",))
    niva = "region" if args.region is not None else "kommun"
    kod = kontrollera_kod(args.region if niva == "region" else args.kommun, niva)
    egna = egna_antaganden(
        args.ar, args.planar, skattesats=args.skattesats, skatteunderlag=args.skatteunderlag,
        kr_per_inv={k: getattr(args, k) for k in KR_PER_INV_FLAGGOR},
        belopp_kr={namn: belopp(getattr(args, f), "--" + f.replace("_", "-")) for f, namn in BELOPP_FLAGGOR.items()
                   if getattr(args, f) is not None},
        slutavrakning_foregaende=None if args.slutavrakning_foregaende is None else belopp(
            args.slutavrakning_foregaende, "--slutavrakning-foregaende"))
    data = kommundata(kod, niva)  # blocket läser samma medföljande data själv (med källnoter); data går till bladet Data
    if niva == "kommun":
        data = _hamtat_ovanpa(data)
    ant = {"prognos": args.prognos, "planar": args.planar, **egna}
    jmf = _reform_sida_vid_sida(args, kod, niva, ant)  # fel före allt annat
    block = skatter_och_bidrag(kod, args.ar, ant, niva=niva, nollrader="visa" if args.visa_nollrader else "dolj")
    if niva == "region":
        skriv_regionbok(block, args.o, f"Skatter och bidrag, region {kod}, budgetår {args.ar}")
    else:
        mall = {k: v for k, v in egna.items() if k in SOB_ANTAGANDEN}
        if Path(args.o).exists():  # en befintlig bok: användarens indata skrivs aldrig över tyst
            from ..excel.las_skatter import egen_indata
            if args.uppdatera:
                from .arbetsbocker import uppdatera
                return uppdatera(args.o, data)
            forlorat = egen_indata(args.o, kod, args.ar, args.prognos, mall)
            if forlorat:
                raise XlmodelFel(f"{args.o} finns och har egna indata som skulle skrivas över ({'; '.join(forlorat[:3])}). "
                                 "Använd --uppdatera (nya data, indata kvar) eller ange en ny fil.")
        if "skatteunderlag" in egna:  # kommunens eget skatteunderlag går till bladet Data
            data.loc[data["ar"] == args.ar, "skatteunderlag"] = args.skatteunderlag
        bygg_skatter_och_bidrag(args.o, kod, args.ar, args.prognos, data=data, egna=mall, reform=args.reform,
                                datum=__import__("datetime").date.today().isoformat())
    print(som_text(block))
    if jmf is not None:
        print(f"\nLag mot reform {args.reform} (mnkr; bladet Reform):\n{jmf.to_string(na_rep='–')}\nAntagande: {jmf.attrs['antagande']}")
    print(f"Skrev {args.o}.")
    return 0


def kor_prognos_ny(args) -> int:
    from ..budget.prognos import MALL
    from ..excel.arbetsbok import skriv_atomiskt

    if not args.fran_cirkular:
        raise XlmodelFel("ange --fran-cirkular (en tom, kommenterad mall att fylla i med talen ur ett SKR-cirkulär).")
    if Path(args.o).exists():
        raise XlmodelFel(f"{args.o} finns redan; välj ett annat namn (filen skrivs inte över).")
    skriv_atomiskt(args.o, lambda tmp: Path(tmp).write_text(MALL, encoding="utf-8"))
    print(f"Skrev {args.o}: fyll i cirkulärets nummer, datum och tal; använd den med --prognos {args.o}.")
    return 0


def _hamtat_ovanpa(data):
    """Kommunens datatabell med hämtade tabeller (``xlmodel hamta``) ovanpå för de år de täcker; skriver årgången."""
    from ..kallor.hamtat import datablad

    ny, kallor = datablad(data.attrs["kommunkod"], data)
    ny.attrs.update(data.attrs)
    for kol, per_ar in kallor.items():
        print(f"Hämtat: {kol} {spann(list(per_ar))} ur {'; '.join(dict.fromkeys(per_ar.values()))}.")
    return ny


def _reform_sida_vid_sida(args, kod, niva, ant):
    """``--reform``: blocket enligt lag och reform med skillnaden (``jamfor_reform``), eller None."""
    if not args.reform:
        return None
    from ..budget import jamfor_reform
    return jamfor_reform(kod, args.ar, args.reform, ant, niva=niva)
