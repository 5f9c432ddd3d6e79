using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The MQTT session to AWS IoT Core over M2Mqtt: TLS 1.2 with the device certificate, clean
    /// session, keep-alive, and a supervisor thread that reconnects with capped exponential backoff
    /// and jitter and restores the subscriptions before it tells the engine the session is up.
    /// M2Mqtt's callbacks only copy into <see cref="IMqttEvents"/> (the engine's queue) and signal.
    /// </summary>
    public sealed class M2MqttConnection : IMqttConnection
    {
        private const int SubackTimeoutMs = 10000;
        private const int InitialBackoffMs = 1000;
        private const int MaxBackoffMs = 120000;
        private const int FailuresBeforeNewClient = 3;

        private readonly string _host;
        private readonly int _port;
        private readonly string _clientId;
        private readonly X509Certificate _rootCa;
        private readonly X509Certificate2 _deviceCertificate;
        private readonly ushort _keepAliveSeconds;
        private readonly ILog _log;
        private readonly IRandom _random;

        private readonly object _clientLock = new object();
        private readonly object _stateLock = new object();
        private readonly ArrayList _topics = new ArrayList();
        private readonly Hashtable _subacks = new Hashtable();
        private readonly AutoResetEvent _subackArrived = new AutoResetEvent(false);
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);

        private IMqttEvents _events;
        private MqttClient _client;
        private Thread _supervisor;
        private bool _connected;
        private bool _paused;
        private bool _stopping;
        private int _failures;
        private long _nextAttemptAt;

        /// <summary>
        /// Describes the session; nothing connects until <see cref="Start"/>.
        /// <paramref name="rootCa"/> may be null to use the CA bundle stored on the device, and
        /// <paramref name="deviceCertificate"/> null to use the device certificate stored in its
        /// network configuration (Device Explorer upload).
        /// </summary>
        public M2MqttConnection(string host, int port, string clientId, X509Certificate rootCa,
            X509Certificate2 deviceCertificate, ushort keepAliveSeconds, ILog log, IRandom random)
        {
            _host = host;
            _port = port;
            _clientId = clientId;
            _rootCa = rootCa;
            _deviceCertificate = deviceCertificate;
            _keepAliveSeconds = keepAliveSeconds;
            _log = log;
            _random = random;
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                lock (_stateLock)
                {
                    return _connected;
                }
            }
        }

        /// <summary>Starts the supervisor thread, which connects and keeps the session up; events go to <paramref name="events"/>.</summary>
        public void Start(IMqttEvents events)
        {
            _events = events;
            _supervisor = new Thread(Supervise);
            _supervisor.Start();
        }

        /// <summary>Stops reconnecting, closes the session and waits (bounded) for the supervisor to end.</summary>
        public void Stop()
        {
            lock (_stateLock)
            {
                _stopping = true;
            }

            _wake.Set();
            CloseSession("stopping");
            if (_supervisor != null)
            {
                _supervisor.Join(5000);
            }
        }

        /// <summary>
        /// Closes the session and frees the client (its TLS buffers) until <see cref="Resume"/>:
        /// used while a firmware download holds the only TLS session a board without PSRAM can afford.
        /// </summary>
        public void Pause()
        {
            lock (_stateLock)
            {
                _paused = true;
            }

            CloseSession("paused for a download");
        }

        /// <summary>Allows the supervisor to reconnect again, not before <paramref name="delayMs"/> from now.</summary>
        public void Resume(int delayMs)
        {
            lock (_stateLock)
            {
                _paused = false;
                _failures = 0;
                _nextAttemptAt = Environment.TickCount64 + delayMs;
            }

            _wake.Set();
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            lock (_stateLock)
            {
                // Remembered even while down, so the supervisor restores it after every reconnect.
                if (!_topics.Contains(topic))
                {
                    _topics.Add(topic);
                }
            }

            if (!IsConnected)
            {
                return false;
            }

            lock (_clientLock)
            {
                return SubscribeLocked(topic);
            }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int offset, int count)
        {
            if (!IsConnected || payload == null || offset < 0 || count < 0 || offset + count > payload.Length)
            {
                return false;
            }

            // Always a copy: M2Mqtt keeps the array it is given until the PUBACK (its resend), and the engine reuses its
            // buffer, which is also the download's, as soon as this returns.
            byte[] message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);

            try
            {
                lock (_clientLock)
                {
                    if (_client == null)
                    {
                        return false;
                    }

                    // QoS 1: M2Mqtt retries until PUBACK; the engine's clientToken matching catches a lost reply.
                    _client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, false);
                }

                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "mqtt: publish to " + topic + " failed: " + ex.Message);
                return false;
            }
        }

        private void Supervise()
        {
            while (true)
            {
                bool attempt;
                lock (_stateLock)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    attempt = !_paused && !_connected && Environment.TickCount64 >= _nextAttemptAt;
                }

                if (attempt)
                {
                    TryConnect();
                }

                _wake.WaitOne(1000, false);
            }
        }

        private void TryConnect()
        {
            bool up = false;
            lock (_clientLock)
            {
                lock (_stateLock)
                {
                    // Pause or Stop may have come while this thread waited for the client lock.
                    if (_paused || _stopping)
                    {
                        return;
                    }
                }

                try
                {
                    if (_client == null)
                    {
                        // The constructor resolves the host name (Dns.GetHostEntry), so it needs the network.
                        _client = new MqttClient(_host, _port, true, _rootCa, _deviceCertificate, MqttSslProtocols.TLSv1_2);
                        _client.MqttMsgPublishReceived += OnPublishReceived;
                        _client.MqttMsgSubscribed += OnSubscribed;
                        _client.ConnectionClosed += OnConnectionClosed;
                    }

                    _log.Write(LogLevel.Info, "mqtt: connecting to " + _host + ":" + _port.ToString() + " as " + _clientId);
                    MqttReasonCode code = _client.Connect(_clientId, null, null, true, _keepAliveSeconds);
                    if (code == MqttReasonCode.Success)
                    {
                        lock (_stateLock)
                        {
                            _connected = true;
                            _failures = 0;
                        }

                        up = true;
                    }
                    else
                    {
                        int reason = (int)code;
                        _log.Write(LogLevel.Warning, "mqtt: broker refused the connection, reason " + reason.ToString() + MqttRefusal.Hint(reason, _clientId));
                    }
                }
                catch (Exception ex)
                {
                    // TLS failures (clock, certificates, policy) surface here as MqttConnectionException.
                    string inner = ex.InnerException == null ? "" : " (" + ex.InnerException.Message + ")";
                    _log.Write(LogLevel.Warning, "mqtt: connect failed: " + ex.Message + inner);
                }

                if (up)
                {
                    ArrayList topics;
                    lock (_stateLock)
                    {
                        topics = (ArrayList)_topics.Clone();
                    }

                    for (int i = 0; i < topics.Count; i++)
                    {
                        SubscribeLocked((string)topics[i]);
                    }

                    lock (_stateLock)
                    {
                        // The session can drop again while the subscriptions are restored.
                        up = _connected;
                    }

                    if (up)
                    {
                        // Posted under the client lock so a concurrent CloseSession's "down" cannot overtake it.
                        _log.Write(LogLevel.Info, "mqtt: connected");
                        _events.ConnectionChanged(true);
                    }

                    return;
                }
            }

            ScheduleRetry();
        }

        private void ScheduleRetry()
        {
            int failures;
            lock (_stateLock)
            {
                _failures++;
                failures = _failures;
            }

            if (failures % FailuresBeforeNewClient == 0)
            {
                // A fresh client resolves the host name again (the broker's address may have changed).
                DisposeClient();
            }

            int backoff = InitialBackoffMs;
            for (int i = 1; i < failures && backoff < MaxBackoffMs; i++)
            {
                backoff *= 2;
            }

            if (backoff > MaxBackoffMs)
            {
                backoff = MaxBackoffMs;
            }

            // Full jitter on the upper half keeps a fleet from reconnecting in step after an outage.
            int delay = backoff / 2 + _random.Next(backoff / 2 + 1);
            lock (_stateLock)
            {
                _nextAttemptAt = Environment.TickCount64 + delay;
            }

            _log.Write(LogLevel.Info, "mqtt: next attempt in " + (delay / 1000).ToString() + " s");
        }

        // Caller holds _clientLock.
        private bool SubscribeLocked(string topic)
        {
            if (_client == null)
            {
                return false;
            }

            try
            {
                ushort id = _client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                long deadline = Environment.TickCount64 + SubackTimeoutMs;
                while (Environment.TickCount64 < deadline)
                {
                    lock (_stateLock)
                    {
                        if (_subacks.Contains((int)id))
                        {
                            MqttQoSLevel[] granted = (MqttQoSLevel[])_subacks[(int)id];
                            _subacks.Remove((int)id);
                            bool ok = granted != null && granted.Length == 1 && granted[0] != MqttQoSLevel.GrantedFailure;
                            if (!ok)
                            {
                                _log.Write(LogLevel.Warning, "mqtt: broker refused subscription to " + topic + " (check the IoT policy)");
                            }

                            return ok;
                        }

                        if (!_connected)
                        {
                            return false;
                        }
                    }

                    _subackArrived.WaitOne(200, false);
                }

                _log.Write(LogLevel.Warning, "mqtt: no SUBACK for " + topic);
                return false;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "mqtt: subscribe to " + topic + " failed: " + ex.Message);
                return false;
            }
        }

        private void CloseSession(string reason)
        {
            lock (_clientLock)
            {
                bool wasUp;
                lock (_stateLock)
                {
                    wasUp = _connected;
                    _connected = false;
                }

                DisposeClientLocked();
                if (wasUp)
                {
                    _log.Write(LogLevel.Info, "mqtt: closed (" + reason + ")");
                    _events.ConnectionChanged(false);
                }
            }
        }

        private void DisposeClient()
        {
            lock (_clientLock)
            {
                DisposeClientLocked();
            }
        }

        // Caller holds _clientLock.
        private void DisposeClientLocked()
        {
            if (_client == null)
            {
                return;
            }

            MqttClient client = _client;
            _client = null;
            client.MqttMsgPublishReceived -= OnPublishReceived;
            client.MqttMsgSubscribed -= OnSubscribed;
            client.ConnectionClosed -= OnConnectionClosed;
            try
            {
                if (client.IsConnected)
                {
                    client.Disconnect();
                }

                client.Dispose();
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Debug, "mqtt: close: " + ex.Message);
            }
        }

        // M2Mqtt dispatch thread: copy into the engine's queue and return.
        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IMqttEvents events = _events;
            if (events != null)
            {
                // e.Message is a fresh array per PUBLISH, so the engine may keep it.
                events.MessageReceived(e.Topic, e.Message);
            }
        }

        // M2Mqtt dispatch thread.
        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_stateLock)
            {
                _subacks[(int)e.MessageId] = e.GrantedQoSLevels;
            }

            _subackArrived.Set();
        }

        // M2Mqtt thread, after the client closed itself (ping timeout, socket error, broker DISCONNECT).
        private void OnConnectionClosed(object sender, EventArgs e)
        {
            bool wasUp;
            lock (_stateLock)
            {
                wasUp = _connected;
                _connected = false;
                _nextAttemptAt = Environment.TickCount64 + InitialBackoffMs;
            }

            if (wasUp)
            {
                _events.ConnectionChanged(false);
            }

            _wake.Set();
        }
    }
}
