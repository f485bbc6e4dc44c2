"""Kommandot ``hamta``: färska data från SCB och Kolada till cachen, eller vad cachen innehåller."""
from __future__ import annotations

import sys

from ..fel import XlmodelFel
from .argument import spann


def kor_hamtning(ar: list[int], kommun: str | None, tidsgrans: float) -> int:
    """Kör hämtningen och skriv utfallet per tabell; 0 om inget serverfel (offline är inget fel), annars 2."""
    from ..kallor import cache
    from ..kallor.hamta import Klient, hamta

    klient = Klient(tidsgrans=tidsgrans)
    print(f"Hämtar från SCB ({klient.scb_url}) och Kolada ({klient.kolada_url}) till {cache.mapp()}.")
    res = hamta(ar or None, kommun, klient)
    for namn, text in res.sparade.items():
        print(f"  sparad   {namn}: {text}")
    for text in res.oatkomliga.values():
        print(f"Offline: {text}")
    for namn, text in res.cachen.items():
        print(f"  offline  {namn}: {text}")
    for namn, text in res.fel.items():
        print(f"xlmodel: {namn}: {text} Cachen för {namn} är orörd.", file=sys.stderr)
    for text in res.anmarkningar:
        print(f"Anmärkning: {text}.")
    if res.cachen and not res.sparade and not res.fel:
        print("Ingen kontakt med SCB/Kolada: beräkningarna använder cachen och därefter medföljande data.")
    return 2 if res.fel else 0


def kor_hamta(args) -> int:
    from ..kallor import cache

    if args.visa:
        tabeller = cache.innehall()
        print(f"Cachen {cache.mapp()}: " + ("tom (inget hämtat; medföljande data används)." if not tabeller else f"{len(tabeller)} tabeller."))
        for h in tabeller:
            print(f"  {h.namn}: {len(h.data)} rader; " + "; ".join(f"år {spann(k['ar'])} från {k.get('kalla')} "
                  f"(uppdaterad {str(k.get('uppdaterad') or 'okänd')[:10]}, hämtad {k.get('hamtad')})" for k in h.kallor))
        return 0
    return kor_hamtning(args.ar or [], _kommunkod(args.kommun) if args.kommun else None, args.tidsgrans)


def _kommunkod(text: str) -> str:
    """Kommunkod eller kommunnamn (skiftlägesokänsligt) → kod med fyra tecken."""
    from ..kallor.referensdata import kommuner

    k = kommuner()
    t = text.strip()
    if t.isdigit() and t.zfill(4) in set(k["kommunkod"]):
        return t.zfill(4)
    traff = k[k["namn"].str.lower() == t.lower()]
    if traff.empty:
        raise XlmodelFel(f"Okänd kommun {text!r}: ange kommunkod (t.ex. 2281) eller namn (t.ex. Sundsvall).")
    return str(traff["kommunkod"].iloc[0])
