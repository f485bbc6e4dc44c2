"""xlwings UDF-moduler för xlmodel. Ange dem i Excel som ``UDF Modules`` (se README):

    udfs.inkomst;udfs.system

Varje modul innehåller tunna omslag (konvertering av cellformer och fel) runt motorn i ``xlmodel``;
ingen aritmetik finns här. Alla namn börjar med ``XLM_``.
"""
