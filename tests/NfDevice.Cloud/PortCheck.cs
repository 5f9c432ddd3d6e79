using System.Net;
using System.Net.Sockets;

namespace NfDevice.Cloud
{
    /// <summary>
    /// Checks, before anything binds, that the ports `serve` needs are free, so a port in use ends with one line that
    /// names the port and the flag that changes it (exit 2) instead of a stack trace from deep inside Kestrel or MQTTnet.
    /// </summary>
    public static class PortCheck
    {
        /// <summary>The message for the first port of <paramref name="ports"/> that cannot be bound on <paramref name="address"/>, or null.</summary>
        public static string FirstInUse(IPAddress address, params (int Port, string Flag)[] ports)
        {
            foreach (var (port, flag) in ports)
            {
                if (port == 0) continue; // 0 = any free port
                var listener = new TcpListener(address, port);
                try
                {
                    listener.Start();
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse || e.SocketErrorCode == SocketError.AccessDenied)
                {
                    string why = e.SocketErrorCode == SocketError.AccessDenied ? "is not allowed" : "is in use";
                    return "nfcloud: port " + port + " on " + address + " " + why + "; choose another with " + flag + " <port> (or stop what holds it)";
                }
                finally
                {
                    listener.Stop();
                }
            }
            return null;
        }
    }
}
