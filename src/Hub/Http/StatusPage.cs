namespace TelemetryGateway.Hub;

/// <summary>
/// A plain status page at "/status" (the dashboard is at "/"): connected gateways and the newest readings,
/// refreshed every two seconds from the same JSON API any client uses.
/// </summary>
internal static class StatusPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>TelemetryGateway hub</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
          body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; }
          h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.5rem; }
          table { border-collapse: collapse; } td, th { padding: .25rem .7rem; border-bottom: 1px solid #ddd; text-align: left; }
          .muted { color: #667; }
        </style></head>
        <body>
        <h1>TelemetryGateway hub</h1>
        <p class="muted">Status page; the JSON API: <a href="/api/readings?limit=20">/api/readings</a>,
          <a href="/api/gateways">/api/gateways</a>, <a href="/healthz">/healthz</a>, <a href="/metrics">/metrics</a>.</p>
        <h2>Gateways</h2><table id="gateways"></table>
        <h2>Newest readings</h2><table id="readings"></table>
        <script>
        const cell = v => { const td = document.createElement('td'); td.textContent = v ?? ''; return td; };
        function fill(id, header, rows) {
          const t = document.getElementById(id); t.replaceChildren();
          const h = document.createElement('tr');
          header.forEach(x => { const th = document.createElement('th'); th.textContent = x; h.appendChild(th); });
          t.appendChild(h);
          rows.forEach(r => { const tr = document.createElement('tr'); r.forEach(v => tr.appendChild(cell(v))); t.appendChild(tr); });
        }
        async function refresh() {
          try {
            const g = await (await fetch('/api/gateways')).json();
            fill('gateways', ['gateway', 'connected', 'last contact', 'buffered', 'last ack'],
              (g.gateways || []).map(x => [x.id, x.connected, x.lastContact, x.bufferedReadings, x.lastAck]));
            const r = await (await fetch('/api/readings?limit=25')).json();
            fill('readings', ['time', 'patient', 'kind', 'value', 'unit', 'device'],
              (r.readings || []).map(x => [x.time || x.received, x.patient, x.kind, x.value, x.unit, x.device]));
          } catch (e) { /* the next refresh tries again */ }
        }
        refresh(); setInterval(refresh, 2000);
        </script>
        </body></html>
        """;
}
