"""En riktig lokal HTTP-server (127.0.0.1, slumpad port) som svarar som SCB:s PxWebApi v2 och Koladas API v3
ur filerna i ``tests/fixtures/hamta/``. Används av ``test_hamta.py``; inga attrapper av klienten.

SCB: ``GET /scb/tables/{id}/metadata``, ``POST /scb/tables/{id}/data`` (svaret skärs ut ur fixturerna efter
urvalet, som SCB gör), ``GET /scb/tables?query=``. Kolada: ``GET /kolada/data/kpi/{kpi}[/municipality/{m}]/year/{år}``
med sidor om ``sida`` objekt (``next_page``). Fel kan läggas i kö per väg: ``server.fel["/data"] = ["429", "500"]``.
"""
from __future__ import annotations

import json
import threading
from time import sleep as _sov  # bunden vid import: testerna byter ut time.sleep i klienten
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import product
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FIXTURER = Path(__file__).parent / "fixtures" / "hamta"
TABELLER = {  # tabell-id -> (metadatafil eller None, datafiler)
    "TAB3600": ("TAB3600_metadata.json", ["TAB3600_data_skattekraft.json", "TAB3600_data_skatteunderlag_orebro.json"]),
    "TAB5444": (None, ["TAB5444.json"]),
    "TAB6471": (None, ["TAB6471.json"]),
    "TAB9902": (None, ["KOMEKUTJ.json"]),
    "TAB638": (None, ["TAB638_data_2444c12de92d7e39.json"]),
    "TAB2017": (None, ["TAB2017_data_085270a2a19c7735.json"]),
}


def las_fixtur(namn: str):
    """En fixtur; atlas290:s kuvert (``kind``/``response``) packas upp till SCB:s egen kropp."""
    obj = json.loads((FIXTURER / namn).read_text(encoding="utf-8"))
    return obj["response"] if isinstance(obj, dict) and "response" in obj and "kind" in obj else obj


def _koder(ds, dim):
    index = ds["dimension"][dim]["category"]["index"]
    return sorted(index, key=index.get) if isinstance(index, dict) else list(index)


def _celler(ds):
    return dict(zip(product(*[_koder(ds, d) for d in ds["id"]]), ds["value"]))


class Kub:
    """En SCB-tabell som metadata + alla kända celler (flera fixturer slås ihop)."""

    def __init__(self, tabell):
        metafil, datafiler = TABELLER[tabell]
        kroppar = [las_fixtur(f) for f in datafiler]
        self.meta = las_fixtur(metafil) if metafil else {**kroppar[0], "value": []}
        self.celler = {}
        for k in kroppar:
            ordning = [k["id"].index(d) for d in self.meta["id"]]
            self.celler.update({tuple(t[i] for i in ordning): v for t, v in _celler(k).items()})

    def utsnitt(self, urval: dict) -> dict:
        ids = self.meta["id"]
        koder = [[k for k in urval.get(d, _koder(self.meta, d)) if k in _koder(self.meta, d)] for d in ids]
        dims = {}
        for d, kod in zip(ids, koder):
            m = self.meta["dimension"][d]
            dims[d] = {"label": m.get("label", d), "category": {"index": {k: i for i, k in enumerate(kod)},
                       "label": {k: m["category"]["label"].get(k, k) for k in kod}}}
        return {**self.meta, "size": [len(k) for k in koder], "dimension": dims,
                "value": [self.celler.get(t) for t in product(*koder)]}


class Server:
    def __init__(self, sida: int = 200):
        self.fel: dict[str, list[str]] = {}
        self.anrop: list[str] = []
        self.celler_per_anrop: list[int] = []
        self.sida = sida
        self.kuber = {t: Kub(t) for t in TABELLER}
        self.kolada = las_fixtur("kolada.json")
        self.langsam_s = 2.0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._hanterare())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.trad = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.trad.start()

    def stoppa(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def _hanterare(self):
        server = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _svara(self, status, kropp, rubriker=None):
                data = kropp if isinstance(kropp, bytes) else json.dumps(kropp, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    for k, v in {"Content-Type": "application/json; charset=utf-8", **(rubriker or {})}.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                self._hantera(None)

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                self._hantera(json.loads(self.rfile.read(n) or b"{}"))

            def _hantera(self, kropp):
                url = urlparse(self.path)
                server.anrop.append(f"{self.command} {url.path}")
                for monster, ko in server.fel.items():
                    if monster in url.path and ko:
                        fel = ko.pop(0)
                        if fel == "429":
                            return self._svara(429, {"error": "Too many requests"}, {"Retry-After": "0"})
                        if fel == "500":
                            return self._svara(500, {"error": "Internal Server Error"})
                        if fel == "langsam":
                            _sov(server.langsam_s)
                        if fel == "trunkerad":
                            svar = self._svar(url, kropp)
                            return self._svara(200, json.dumps(svar[1]).encode()[:200])
                        if fel == "avbruten":  # lovar hela kroppen, skickar halva och stänger
                            data = json.dumps(self._svar(url, kropp)[1]).encode()
                            self.send_response(200)
                            self.send_header("Content-Length", str(len(data)))
                            self.end_headers()
                            self.wfile.write(data[: len(data) // 2])
                            self.close_connection = True
                            return
                        if fel == "stangd":  # stänger utan att svara
                            self.close_connection = True
                            return
                        if fel == "andrad":
                            status, svar = self._svar(url, kropp)
                            svar = {**svar, "id": svar["id"] + ["Kon"], "size": svar["size"] + [1],
                                    "dimension": {**svar["dimension"], "Kon": {"label": "kön", "category": {
                                        "index": {"1+2": 0}, "label": {"1+2": "totalt"}}}}}
                            return self._svara(status, svar)
                self._svara(*self._svar(url, kropp))

            def _svar(self, url, kropp):
                delar = url.path.strip("/").split("/")
                q = parse_qs(url.query)
                if delar[:2] == ["scb", "tables"] and len(delar) == 2:
                    return 200, las_fixtur("KOMEKUTJ_sok.json")
                if delar[:2] == ["scb", "tables"] and delar[2] in server.kuber:
                    kub = server.kuber[delar[2]]
                    if delar[3] == "metadata":
                        return 200, kub.meta
                    urval = {s["variableCode"]: s["valueCodes"] for s in kropp["selection"]}
                    svar = kub.utsnitt(urval)
                    server.celler_per_anrop.append(len(svar["value"]))
                    return 200, svar
                if delar[:3] == ["kolada", "data", "kpi"]:
                    kpi, rest = delar[3], dict(zip(delar[4::2], delar[5::2]))
                    ar = {int(a) for a in rest["year"].split(",")}
                    objekt = [o for o in server.kolada if o["kpi"] == kpi and o["period"] in ar
                              and ("municipality" not in rest or o["municipality"] == rest["municipality"])]
                    sida = int(q.get("page", ["1"])[0])
                    ut = {"values": objekt[(sida - 1) * server.sida: sida * server.sida], "count": len(objekt)}
                    if sida * server.sida < len(objekt):
                        ut["next_page"] = f"{server.url}{url.path}?page={sida + 1}"
                    return 200, ut
                return 404, {"error": "not found"}

        return H
