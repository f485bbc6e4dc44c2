"""``python -m xlmodel``: kommandoraden som program (``xlmodel.cli.program``: ``main`` och ett direkt slut)."""
from .cli import program

program()
