"""Kommandona i ``xlmodel`` (kommandoraden, ``xlmodel.cli:main``): en modul per ansvar.

``parser`` (argparse på svenska och alla kommandon med flaggor), ``argument`` (argumenttyper), ``filer`` (in- och
utfiler), ``utjamning`` (utjamning, jamfor, lss-1999), ``skatter`` (huvudjobbet skatter-och-bidrag, prognos ny),
``arbetsbocker`` (uppdatera, bygg-mallar), ``hamta``. Modulerna importerar pandas först när ett kommando körs.
"""
