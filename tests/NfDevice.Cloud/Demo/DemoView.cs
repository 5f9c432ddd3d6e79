using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NfDevice.Cloud.Jobs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// The demo's display, drawn from the emulator's executions only (what the cloud knows, not what agents claim):
    /// a live table on a terminal, one line per change otherwise, and the final per-device table.
    /// </summary>
    public sealed class DemoView
    {
        private const int MaxLiveRows = 30;
        private readonly IDemoJob _job;
        private readonly IReadOnlyList<string> _things;
        private string _lastLine;
        private readonly Dictionary<string, (TimeSpan At, long Done, double Rate)> _downloads = new Dictionary<string, (TimeSpan, long, double)>(StringComparer.Ordinal);

        /// <summary>A view of <paramref name="job"/>'s executions on <paramref name="things"/>.</summary>
        public DemoView(IDemoJob job, IReadOnlyList<string> things)
        {
            _job = job;
            _things = things;
        }

        /// <summary>The latest execution per thing (a retry replaces its predecessor), in thing order; missing ones are absent.</summary>
        public static Dictionary<string, ExecutionSnapshot> Latest(IEnumerable<ExecutionSnapshot> all, string jobId) =>
            all.Where(e => e.JobId == jobId).GroupBy(e => e.ThingName)
                .ToDictionary(g => g.Key, g => g.OrderBy(e => e.ExecutionNumber).Last(), StringComparer.Ordinal);

        /// <summary>"QUEUED 3 · IN_PROGRESS 2 · SUCCEEDED 15 of 20".</summary>
        public string Counts(Dictionary<string, ExecutionSnapshot> latest)
        {
            var parts = latest.Values.GroupBy(e => e.Status).OrderBy(g => Rank(g.Key)).Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture));
            int missing = _things.Count - latest.Count;
            var all = missing > 0 ? new[] { "not queued " + missing.ToString(CultureInfo.InvariantCulture) }.Concat(parts) : parts;
            return string.Join(" · ", all) + " of " + _things.Count.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Plain output: prints a line when the counts change.</summary>
        public void PlainProgress(TimeSpan elapsed, Dictionary<string, ExecutionSnapshot> latest)
        {
            string line = Counts(latest);
            if (line == _lastLine) return;
            _lastLine = line;
            Console.WriteLine(Seconds(elapsed) + "  " + line);
        }

        /// <summary>The live table for a terminal.</summary>
        public IRenderable LiveTable(TimeSpan elapsed, Dictionary<string, ExecutionSnapshot> latest)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Device").AddColumn("Execution").AddColumn("Download").AddColumn("Result");
            // Unfinished devices first, so that a large fleet shows what is still moving.
            foreach (string thing in _things.OrderBy(t => latest.TryGetValue(t, out var e) && ExecStatus.IsTerminal(e.Status) ? 1 : 0).ThenBy(t => t, StringComparer.Ordinal).Take(MaxLiveRows))
            {
                latest.TryGetValue(thing, out var e);
                table.AddRow(Markup.Escape(thing), StatusMarkup(e?.Status), Markup.Escape(DownloadCell(thing, e, elapsed)), Markup.Escape(e == null ? "" : _job.Summarize(e)));
            }
            if (_things.Count > MaxLiveRows) table.AddRow("[grey]... " + (_things.Count - MaxLiveRows).ToString(CultureInfo.InvariantCulture) + " more[/]", "", "", "");
            table.Caption(Markup.Escape(Seconds(elapsed) + "  " + Counts(latest)));
            return table;
        }

        /// <summary>
        /// A device's download as the cloud sees it, from the `bytes: done/total` its agent reports in statusDetails:
        /// a bar, the percentage and the rate between the last two reports that moved ("" without a download).
        /// </summary>
        public string DownloadCell(string thing, ExecutionSnapshot execution, TimeSpan now)
        {
            if (execution == null || ExecStatus.IsTerminal(execution.Status) || !TryBytes(execution, out long done, out long total) || total <= 0) return "";
            double rate = 0;
            if (_downloads.TryGetValue(thing, out var last))
            {
                rate = last.Rate;
                if (done > last.Done && now > last.At) rate = (done - last.Done) / (now - last.At).TotalSeconds;
                else if (done < last.Done) rate = 0; // the download started again
            }
            if (!_downloads.TryGetValue(thing, out last) || done != last.Done) _downloads[thing] = (now, done, rate);
            const int Width = 16;
            int filled = (int)Math.Min(Width, done * Width / total);
            string bar = new string('#', filled) + new string('.', Width - filled);
            string text = bar + " " + (done * 100 / total).ToString(CultureInfo.InvariantCulture) + "%";
            return rate > 0 ? text + " " + (rate / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB/s" : text;
        }

        /// <summary>Reads statusDetails' "bytes" ("done/total").</summary>
        public static bool TryBytes(ExecutionSnapshot execution, out long done, out long total)
        {
            done = total = 0;
            if (execution.StatusDetails == null || !execution.StatusDetails.TryGetValue("bytes", out string bytes)) return false;
            int slash = bytes.IndexOf('/');
            return slash > 0
                && long.TryParse(bytes.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out done)
                && long.TryParse(bytes.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out total);
        }

        /// <summary>The final table: every device, its execution number, status and result.</summary>
        public Table ResultTable(Dictionary<string, ExecutionSnapshot> latest)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("Device").AddColumn(new TableColumn("#").RightAligned()).AddColumn("Status").AddColumn("Result");
            foreach (string thing in _things)
            {
                latest.TryGetValue(thing, out var e);
                table.AddRow(
                    Markup.Escape(thing),
                    e == null ? "" : e.ExecutionNumber.ToString(CultureInfo.InvariantCulture),
                    StatusMarkup(e?.Status),
                    Markup.Escape(e == null ? "no execution" : _job.Summarize(e)));
            }
            return table;
        }

        private string StatusMarkup(string status)
        {
            if (status == null) return "[grey]-[/]";
            if (status == _job.ExpectedStatus) return "[green]" + status + "[/]";
            if (!ExecStatus.IsTerminal(status)) return "[yellow]" + status + "[/]";
            return "[red]" + status + "[/]";
        }

        private static int Rank(string status) => status switch
        {
            ExecStatus.Queued => 0,
            ExecStatus.InProgress => 1,
            ExecStatus.Succeeded => 2,
            _ => 3,
        };

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(5) + " s";
    }
}
