using System;
using System.Collections.Concurrent;
using System.IO;
using Microsoft.AspNetCore.Http;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// The console's stylesheet and script, embedded in nfcloud itself so that the console needs no network, no
    /// static-file folder next to the tool, and works the same under `dotnet run`, as a tool and in tests.
    /// </summary>
    internal static class ConsoleAssets
    {
        private static readonly ConcurrentDictionary<string, byte[]> Cache = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);

        public static IResult Serve(string name)
        {
            string type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => null,
            };
            byte[] bytes = type == null ? null : Cache.GetOrAdd(name, Load);
            return bytes == null ? Results.NotFound() : Results.Bytes(bytes, type);
        }

        private static byte[] Load(string name)
        {
            using Stream s = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("NfDevice.Cloud.WebConsole.Assets." + name);
            if (s == null) return null;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
    }
}
