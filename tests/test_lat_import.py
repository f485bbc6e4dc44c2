"""Lata importer (issue 15 punkt 5): ``import xlmodel`` och ``xlmodel --hjalp`` läser inte in pandas; varje publikt
namn går att nå från paketroten; funktioner som heter som sin modul skuggar modulen."""
import subprocess
import sys
import types

import xlmodel


def _kor(kod: str) -> str:
    return subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, check=True).stdout.strip()


def test_import_och_hjalp_utan_pandas():
    assert _kor("import sys, xlmodel; print('pandas' in sys.modules)") == "False"
    for argv in (["--hjalp"], ["utjamning", "--hjalp"], ["utjamning", "--ar", "x", "-o", "u.csv"], ["okant"]):
        ut = _kor(f"import sys; from xlmodel.cli import main; kod = main({argv!r}); print(kod, 'pandas' in sys.modules)")
        assert ut.splitlines()[-1].split() in (["0", "False"], ["2", "False"]), (argv, ut)


def test_alla_publika_namn_laddas():
    for namn in xlmodel._NAMN:
        varde = getattr(xlmodel, namn)
        assert not isinstance(varde, types.ModuleType), namn
    assert callable(xlmodel.inkomstutjamning) and callable(xlmodel.skatter_och_bidrag)
    assert isinstance(xlmodel.exempeldata, types.ModuleType)
    assert "inkomstutjamning" in dir(xlmodel)


def test_funktion_skuggar_modul_efter_undermodulimport():
    ut = _kor("import xlmodel.kostnadsutjamning, xlmodel.resursfordelning, xlmodel; "
              "print(callable(xlmodel.kostnadsutjamning), callable(xlmodel.resursfordelning))")
    assert ut == "True True"
    from xlmodel.kostnadsutjamning import kostnadsutjamning_vad_om  # modulen nås fortfarande som modul
    assert callable(kostnadsutjamning_vad_om)
