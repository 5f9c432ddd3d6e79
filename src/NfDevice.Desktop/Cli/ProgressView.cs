using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NfDevice.Desktop.Hosting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NfDevice.Desktop.Cli
{
    /// <summary>
    /// The simulator's display: on a terminal a live Spectre.Console panel (totals + the busiest devices, a few
    /// refreshes per second); otherwise (CI, pipes) one plain line per second. Then the per-device summary table.
    /// </summary>
    internal sealed class ProgressView
    {
        private const int MaxRows = 20;
        private readonly int _count;
        private readonly bool _plain;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, DownloadMeter> _meters = new Dictionary<string, DownloadMeter>(StringComparer.Ordinal);

        public ProgressView(int count, bool plain)
        {
            _count = count;
            _plain = plain;
        }

        public bool Run(Simulator simulator, StopCondition condition, CancellationToken cancel)
        {
            if (_plain)
            {
                string last = null;
                return simulator.RunUntil(condition, snap =>
                {
                    string line = TotalsLine(snap);
                    if (line != last) Console.WriteLine(line);
                    last = line;
                }, TimeSpan.FromSeconds(1), cancel);
            }
            bool result = false;
            AnsiConsole.Live(new Text("starting " + _count + " devices...")).AutoClear(false).Start(ctx =>
            {
                result = simulator.RunUntil(condition, snap =>
                {
                    ctx.UpdateTarget(Render(snap));
                    ctx.Refresh();
                }, TimeSpan.FromMilliseconds(250), cancel);
            });
            return result;
        }

        public void Summary(IReadOnlyList<DeviceSnapshot> devices, int minJobs)
        {
            if (_plain)
            {
                Console.WriteLine("thing\tlast job\tstatus\treason\tboots\tfirmware\thealthy\tproblem");
                foreach (var d in devices)
                {
                    Console.WriteLine(string.Join('\t', d.ThingName, d.Agent.LastJobId ?? "-", d.Agent.LastStatus ?? "-", d.Agent.LastReason ?? "-",
                        d.Boots, d.FirmwareVersion ?? "-", Simulator.IsHealthy(d, minJobs) ? "yes" : "NO", d.LastProblem ?? "-"));
                }
                Console.WriteLine(TotalsLine(devices));
                return;
            }
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]nf-device simulation summary[/]");
            table.AddColumns("Thing", "Last job", "Final status", "Reason", "Boots", "Firmware", "Healthy");
            foreach (var d in devices)
            {
                bool ok = Simulator.IsHealthy(d, minJobs);
                table.AddRow(
                    Markup.Escape(d.ThingName),
                    Markup.Escape(d.Agent.LastJobId ?? "-"),
                    StatusMarkup(d.Agent.LastStatus),
                    Markup.Escape(d.Agent.LastReason ?? d.Fault ?? "-"),
                    d.Boots.ToString(),
                    Markup.Escape(d.FirmwareVersion ?? "-"),
                    ok ? "[green]yes[/]" : "[red]NO[/]");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape(TotalsLine(devices)));
        }

        private IRenderable Render(IReadOnlyList<DeviceSnapshot> snap)
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("Thing", "Conn", "State", "Job", "Download", "Firmware", "Done", "Last status", "Problem");
            // Busy devices first, then those with problems, so the rows that matter fit the screen.
            foreach (var d in snap.OrderByDescending(d => d.Agent.CurrentJobId != null).ThenByDescending(d => !d.Connected).Take(MaxRows))
            {
                table.AddRow(
                    Markup.Escape(d.ThingName),
                    d.Connected ? "[green]up[/]" : "[red]down[/]",
                    Markup.Escape(d.Agent.State ?? "-"),
                    Markup.Escape(d.Agent.CurrentJobId ?? "-"),
                    Markup.Escape(DownloadCell(d)),
                    Markup.Escape(d.FirmwareVersion ?? "-"),
                    d.Agent.JobsFinished.ToString(),
                    StatusMarkup(d.Agent.LastStatus),
                    Markup.Escape(Truncate(d.LastProblem, 50)));
            }
            if (snap.Count > MaxRows) table.Caption("... and " + (snap.Count - MaxRows) + " more devices");
            return new Rows(new Markup("[bold]" + Markup.Escape(TotalsLine(snap)) + "[/]"), table);
        }

        // "42% (1.6 of 3.8 MB) 1.2 MB/s": the rate over the last second of this device's download.
        private string DownloadCell(DeviceSnapshot d)
        {
            if (d.Agent.DownloadTotal <= 0)
            {
                _meters.Remove(d.ThingName);
                return "-";
            }
            if (!_meters.TryGetValue(d.ThingName, out DownloadMeter meter)) _meters[d.ThingName] = meter = new DownloadMeter(TimeSpan.FromSeconds(1));
            meter.Sample(_clock.Elapsed, d.Agent.DownloadDone);
            string text = d.Agent.Download ?? "-";
            return meter.BytesPerSecond > 0 ? text + " " + (meter.BytesPerSecond / 1048576).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB/s" : text;
        }

        private string TotalsLine(IReadOnlyList<DeviceSnapshot> snap)
        {
            int connected = snap.Count(d => d.Connected);
            int busy = snap.Count(d => d.Agent.CurrentJobId != null);
            int finished = snap.Sum(d => d.Agent.JobsFinished);
            var byStatus = snap.Where(d => d.Agent.LastStatus != null).GroupBy(d => d.Agent.LastStatus).OrderBy(g => g.Key)
                .Select(g => g.Key.ToLowerInvariant() + " " + g.Count());
            return "t=" + (int)_clock.Elapsed.TotalSeconds + "s devices " + snap.Count + " connected " + connected + " busy " + busy +
                   " executions finished " + finished + " | last status: " + (byStatus.Any() ? string.Join(", ", byStatus) : "none");
        }

        private static string StatusMarkup(string status) => status switch
        {
            null => "-",
            "SUCCEEDED" => "[green]SUCCEEDED[/]",
            "FAILED" or "REJECTED" or "TIMED_OUT" => "[red]" + status + "[/]",
            _ => "[yellow]" + Markup.Escape(status) + "[/]",
        };

        private static string Truncate(string s, int max) => s == null ? "-" : s.Length <= max ? s : s.Substring(0, max - 1) + "…";
    }
}
