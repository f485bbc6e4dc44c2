"""Testindata ur SCB:s Örebro läns-serier (medföljer paketet). Delas av flera testfiler.

Folkmängden 1 nov t−1 är implicit ur tkr-kolumnen och bara känd inom ett intervall: det ger ±0–5 kr/inv i
inkomstutjämningen (inkomstutjamning_scb_conventions.md §2). Rikets folkmängd 1 november finns inte i våra
data: den KALIBRERADE serien riket_folkmangd_1nov_kalibrerad.csv används som testets indata.
"""
from xlmodel.kallor.referensdata import orebro_lan_riket as riket  # noqa: F401
from xlmodel.kallor.referensdata import orebro_lan_underlag as utfall  # noqa: F401
