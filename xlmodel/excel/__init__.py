"""Att skriva arbetsböcker: mallarna (``mallar``, en byggare per mall), huvudjobbets och resultatens
Excelfiler (``utskrift``), säker uppdatering och CSV-export (``arbetsbok``)."""
