using System;
using System.Collections.Generic;
using System.IO;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// The nanoFramework 1.x API the portable core may reference, read from
    /// src/NfDevice.Jobs.Net/nanoframework-allowlist.txt (the file's header explains the line format).
    /// </summary>
    internal sealed class NanoApiAllowlist
    {
        public HashSet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Methods and fields, "Type::name(params) : return" and "Type::name : type".</summary>
        public HashSet<string> Members { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Attributes the compiler adds only when the core library defines them.</summary>
        public HashSet<string> CompilerOptionalAttributes { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>net10.0 member reference mapped to the listed member the same source binds to on nanoFramework.</summary>
        public Dictionary<string, string> Equivalents { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public static string DefaultPath => RepoFiles.Combine("src", "NfDevice.Jobs.Net", "nanoframework-allowlist.txt");

        public static NanoApiAllowlist Load() => Parse(File.ReadAllLines(DefaultPath));

        public static NanoApiAllowlist Parse(IEnumerable<string> lines)
        {
            var list = new NanoApiAllowlist();
            int number = 0;
            foreach (string raw in lines)
            {
                number++;
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                if (line.Length < 3 || line[1] != ' ')
                {
                    throw new FormatException("allowlist line " + number + ": " + raw);
                }

                string body = line.Substring(2).Trim();
                switch (line[0])
                {
                    case 'T':
                        list.Types.Add(body);
                        break;
                    case 'M':
                    case 'F':
                        list.Members.Add(body);
                        break;
                    case 'C':
                        list.CompilerOptionalAttributes.Add(body);
                        break;
                    case '=':
                        int arrow = body.IndexOf("->", StringComparison.Ordinal);
                        if (arrow < 0)
                        {
                            throw new FormatException("allowlist line " + number + " lacks '->': " + raw);
                        }

                        list.Equivalents[body.Substring(0, arrow).Trim()] = body.Substring(arrow + 2).Trim();
                        break;
                    default:
                        throw new FormatException("allowlist line " + number + " has unknown kind '" + line[0] + "': " + raw);
                }
            }

            return list;
        }
    }
}
