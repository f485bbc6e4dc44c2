"""Alla vägar in för tal: medföljande data (``referensdata``), filimport (``dataimport``) och hämtning från SCB/Kolada.

Komponenterna läser aldrig filer själva; de får tabeller härifrån.
"""
