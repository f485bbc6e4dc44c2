"""``python -m xlmodel``: kommandoraden (``xlmodel.cli.main``).

När kommandot är klart avslutas processen direkt (``os._exit``) sedan stdout/stderr tömts och atexit-funktionerna
körts (som vid ett vanligt slut): filerna är då redan skrivna och stängda (atomiskt, se ``excel.arbetsbok``), och
att riva ned tolken — en skräpsamling över pandas, numpy och openpyxl och hundratals moduler — kostade huvudjobbet
ungefär en femtedel av dess tid utan att göra något som behövs (issue 15)."""
import atexit
import os
import sys

from .cli import main

kod = main()
atexit._run_exitfuncs()  # t.ex. logging.shutdown; samma funktioner som ett vanligt slut kör
for strom in (sys.stdout, sys.stderr):
    try:
        strom.flush()
    except (OSError, ValueError):  # stängd eller bruten pipe: som vid ett vanligt slut finns inget mer att göra
        pass
os._exit(kod if isinstance(kod, int) else 1)
