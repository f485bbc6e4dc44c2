"""Felklasser. Meddelanden är på svenska eftersom de visas för användaren (även i Excel-celler)."""


class XlmodelFel(ValueError):
    """Basklass för alla fel som xlmodel själv reser."""


class IndataFel(XlmodelFel):
    """Felaktig indata: okänd kommunkod, saknat värde, negativ folkmängd, text i stället för tal ..."""


class ParameterFel(XlmodelFel):
    """En parameter saknas för det begärda utjämningsåret, eller en reform/parameterfil är felaktig."""


class Anmarkning(UserWarning):
    """En varning till användaren om ett resultat som räknats med en förenkling, t.ex. summarader i
    Skatter och bidrag utan delar som inte är angivna (texten är på svenska)."""


class HamtningsFel(XlmodelFel):
    """Hämtning från SCB eller Kolada misslyckades (nätet, servern, ett trasigt eller ändrat svar); cachen är orörd."""
