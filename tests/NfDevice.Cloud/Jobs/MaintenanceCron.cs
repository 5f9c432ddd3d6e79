using System;
using System.Collections.Generic;
using System.Globalization;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>
    /// The cron expression of a maintenance window's startTime: "cron(minutes hours day-of-month month day-of-week
    /// year)" in UTC, the six-field form AWS uses for schedules (AWS documents no other syntax for Jobs; reference
    /// aws-facts §3). Each field takes *, a number, a range a-b, a list a,b and a step */n or a/n; day-of-month or
    /// day-of-week may be ? ; months may be JAN..DEC and days SUN..SAT (1 = SUN).
    /// </summary>
    public sealed class MaintenanceCron
    {
        private static readonly string[] Months = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
        private static readonly string[] Days = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
        private readonly HashSet<int>[] _fields;

        private MaintenanceCron(HashSet<int>[] fields) => _fields = fields;

        /// <summary>Parses an expression; returns null and a reason when it is not one.</summary>
        public static MaintenanceCron Parse(string expression, out string error)
        {
            error = null;
            string e = (expression ?? "").Trim();
            if (!e.StartsWith("cron(", StringComparison.Ordinal) || !e.EndsWith(")", StringComparison.Ordinal))
            {
                error = "must be cron(minutes hours day-of-month month day-of-week year)";
                return null;
            }
            string[] parts = e.Substring(5, e.Length - 6).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6)
            {
                error = "a cron expression has 6 fields, not " + parts.Length;
                return null;
            }
            var ranges = new (int Min, int Max, string[] Names, int NameBase)[] { (0, 59, null, 0), (0, 23, null, 0), (1, 31, null, 0), (1, 12, Months, 1), (1, 7, Days, 1), (1970, 2199, null, 0) };
            var fields = new HashSet<int>[6];
            for (int i = 0; i < 6; i++)
            {
                fields[i] = Field(parts[i], ranges[i].Min, ranges[i].Max, ranges[i].Names, ranges[i].NameBase, allowQuestion: i == 2 || i == 4);
                if (fields[i] == null)
                {
                    error = "field " + (i + 1) + " ('" + parts[i] + "') is not valid";
                    return null;
                }
            }
            return new MaintenanceCron(fields);
        }

        /// <summary>True when a window starts at this minute (UTC).</summary>
        public bool Matches(DateTime utc) =>
            _fields[0].Contains(utc.Minute) && _fields[1].Contains(utc.Hour) && _fields[2].Contains(utc.Day)
            && _fields[3].Contains(utc.Month) && _fields[4].Contains((int)utc.DayOfWeek + 1) && _fields[5].Contains(utc.Year);

        private static HashSet<int> Field(string text, int min, int max, string[] names, int nameBase, bool allowQuestion)
        {
            var values = new HashSet<int>();
            if (text == "?" && allowQuestion || text == "*")
            {
                for (int v = min; v <= max; v++) values.Add(v);
                return values;
            }
            foreach (string item in text.Split(','))
            {
                string range = item;
                int step = 1;
                int slash = item.IndexOf('/');
                if (slash >= 0)
                {
                    if (!int.TryParse(item.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1) return null;
                    range = item.Substring(0, slash);
                }
                int from, to;
                if (range == "*") { from = min; to = max; }
                else
                {
                    int dash = range.IndexOf('-');
                    if (!Value(dash < 0 ? range : range.Substring(0, dash), names, nameBase, out from)) return null;
                    if (dash < 0) to = slash >= 0 ? max : from;
                    else if (!Value(range.Substring(dash + 1), names, nameBase, out to)) return null;
                }
                if (from < min || to > max || from > to) return null;
                for (int v = from; v <= to; v += step) values.Add(v);
            }
            return values;
        }

        private static bool Value(string text, string[] names, int nameBase, out int value)
        {
            if (names != null)
            {
                int at = Array.IndexOf(names, text.ToUpperInvariant());
                if (at >= 0)
                {
                    value = at + nameBase;
                    return true;
                }
            }
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }
}
