"""Budgetblockets rader (index i blocket), i kommunernas ordning (Sjöbo, anchors.md §1)."""
from __future__ import annotations

# Budgetradernas namn (index i blocket).
KOMMUNALSKATT = "Kommunalskatt"
SLUTAVR_FG = "Slutavräkning året innan"
SLUTAVR_INN = "Slutavräkning innevarande år"
SUMMA_SKATT = "Summa skatteintäkter"
INKOMSTUTJ = "Inkomstutjämning"
KOSTNADSUTJ = "Kostnadsutjämning"
STRUKTUR = "Strukturbidrag"
INFORANDE = "Införandebidrag"
REGLERING = "Regleringsbidrag/-avgift"
LSS = "LSS-utjämning"
FASTIGHET = "Kommunal fastighetsavgift"
OVRIGA = "Övriga generella statsbidrag"
SUMMA_BIDRAG = "Summa generella statsbidrag och utjämning"
SUMMA = "Summa skatteintäkter, generella statsbidrag och utjämning"
SCB_SUMMA = "varav kommunalekonomisk utjämning (SCB:s summa)"

SKATTERADER = [KOMMUNALSKATT, SLUTAVR_FG, SLUTAVR_INN]
BIDRAGSRADER = [INKOMSTUTJ, KOSTNADSUTJ, STRUKTUR, INFORANDE, REGLERING, OVRIGA, LSS, FASTIGHET]  # Sjöbos ordning
SCB_RADER = [INKOMSTUTJ, KOSTNADSUTJ, STRUKTUR, INFORANDE, REGLERING]  # lag 2004:773, SCB OE0115
RADER = SKATTERADER + [SUMMA_SKATT] + BIDRAGSRADER + [SUMMA_BIDRAG, SUMMA, SCB_SUMMA]

ENHETER = ("mnkr", "tkr", "kr", "kr_per_inv", "mnkr_och_kr_per_inv")
MAX_PLANAR = 8
STANDARD_PLANAR = 3
KOLUMNER = ("budget", "ar")  # budget: Bokslut, Budget, Budget, Plan …; ar: budgetår och planår med årtal som rubrik
NOLLRADER = ("visa", "dolj")

# Delar i kr/inv (fältnamn i Antaganden) och deras budgetrad.
_KR_PER_INV = {
    "kostnadsutjamning": KOSTNADSUTJ,
    "strukturbidrag": STRUKTUR,
    "inforandebidrag": INFORANDE,
    "regleringspost": REGLERING,
    "lss_utjamning": LSS,
}
_KR = {"fastighetsavgift": FASTIGHET, "ovriga_bidrag": OVRIGA}
_NIVAER = ("folkmangd", "skatteunderlag", "riket_folkmangd", "riket_skatteunderlag")
