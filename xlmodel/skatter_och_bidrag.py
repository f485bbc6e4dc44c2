"""Gammal importväg, kvar för befintlig kod: budgetblocket ligger i ``xlmodel.budget`` (block, kalkyl, prognos,
marginalintäkt). ``from xlmodel.skatter_och_bidrag import RADER`` fungerar som förut."""
from .budget import *  # noqa: F401,F403
