"""Kostnadsutjämningens delmodeller, en modul per delmodell (förordning 2004:881 6–26 a §§).

Varje modul har ``KOLUMNER`` (indatakolumner per kommun/region), ``RIKET`` (uppgifter för hela riket) och
``berakna(d, k)`` som returnerar delmodellens delar i kr/inv i utjämningsårets prisnivå, oavrundade.
Standardkostnaden är summan av delarna. Publika funktionen är ``xlmodel.kostnadsutjamning``.
"""
