using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NfDevice.Desktop.Hosting;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// The MQTT session to AWS IoT Core (or the emulator) on MQTTnet: MQTT 3.1.1 over TLS 1.2 with the device
    /// certificate, the broker pinned to one root CA, client id = thing name, keep-alive, and a background loop
    /// that reconnects with capped exponential backoff and jitter.
    /// <para>
    /// Subscriptions: every topic passed to <see cref="Subscribe"/> is remembered and subscribed again after a
    /// reconnect, before <see cref="IMqttEvents.ConnectionChanged"/>(true) is raised; an engine that subscribes
    /// again on that event only repeats an idempotent SUBSCRIBE.
    /// </para>
    /// <para>
    /// Callbacks copy topic and payload into <see cref="Events"/> and return. <see cref="Subscribe"/> and
    /// <see cref="Publish"/> block the calling (engine) thread until the broker acknowledges or the operation
    /// timeout passes, and return false instead of throwing; with <see cref="MqttConnectionOptions.WaitForAcknowledgements"/>
    /// false they return once the packet is handed over (a scheduler's shared threads never wait on a broker).
    /// </para>
    /// </summary>
    public sealed class MqttNetConnection : IMqttConnection, IDisposable
    {
        private readonly MqttConnectionOptions _options;
        private readonly ILog _log;
        private readonly IRandom _random;
        private readonly IMqttClient _client;
        private readonly object _gate = new object();
        private readonly List<string> _topics = new List<string>();
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private Task _loop;
        private bool _up;
        private volatile string _tlsRefusal;
        private int _connects;
        private int _disposed;

        /// <summary>Creates the connection (not started). Set <see cref="Events"/> before <see cref="Start"/>.</summary>
        public MqttNetConnection(MqttConnectionOptions options, ILog log, IRandom random)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrEmpty(options.ClientId)) throw new ArgumentException("ClientId is required.", nameof(options));
            _log = log ?? new RecentLog(1);
            _random = random ?? new SystemRandom();
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += OnMessage;
            _client.DisconnectedAsync += OnDisconnected;
        }

        /// <summary>Where incoming messages and session changes go (the engine).</summary>
        public IMqttEvents Events { get; set; }

        /// <inheritdoc />
        public bool IsConnected
        {
            get { lock (_gate) return _up && _client.IsConnected; }
        }

        /// <summary>How many times the session came up.</summary>
        public int ConnectCount => Volatile.Read(ref _connects);

        /// <summary>Why the last connect attempt failed, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>Starts the background connect/reconnect loop. Returns at once.</summary>
        public void Start()
        {
            lock (_gate)
            {
                if (_loop != null) return;
                _loop = Task.Run(() => ConnectLoopAsync(_stop.Token));
            }
        }

        /// <summary>Blocks until the session is up or <paramref name="timeout"/> passes.</summary>
        public bool WaitConnected(TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!IsConnected)
            {
                if (DateTime.UtcNow >= until) return false;
                Thread.Sleep(20);
            }
            return true;
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            if (string.IsNullOrEmpty(topic)) return false;
            lock (_gate)
            {
                if (!_topics.Contains(topic)) _topics.Add(topic);
            }
            if (!IsConnected) return false;
            if (!_options.WaitForAcknowledgements)
            {
                _ = SubscribeOrDropAsync(topic);
                return true;
            }
            using (EngineScheduler.Blocking()) return SubscribeNowAsync(topic, CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int offset, int count)
        {
            if (string.IsNullOrEmpty(topic) || payload == null || offset < 0 || count < 0 || count > payload.Length - offset) return false;
            if (!IsConnected) return false;
            // Copied: the engine reuses its buffer once this returns, and a timed-out publish may still be in flight.
            var copy = new byte[count];
            Buffer.BlockCopy(payload, offset, copy, 0, count);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(copy)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            if (!_options.WaitForAcknowledgements)
            {
                _ = PublishNowAsync(topic, message);
                return true;
            }
            using (EngineScheduler.Blocking()) return PublishNowAsync(topic, message).GetAwaiter().GetResult();
        }

        private async Task<bool> PublishNowAsync(string topic, MqttApplicationMessage message)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(_options.OperationTimeout);
                var result = await _client.PublishAsync(message, cts.Token).ConfigureAwait(false);
                if (!result.IsSuccess) _log.Write(LogLevel.Warning, "mqtt: publish to " + topic + " refused: " + result.ReasonCode);
                return result.IsSuccess;
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "mqtt: publish to " + topic + " failed: " + ExceptionText.WithCause(e));
                return false;
            }
        }

        // Without waiting: a subscription that fails leaves the engine deaf to that topic, so the session is dropped and
        // the reconnect loop subscribes every remembered topic again before it reports the session up.
        private async Task SubscribeOrDropAsync(string topic)
        {
            if (await SubscribeNowAsync(topic, _stop.Token).ConfigureAwait(false) || _stop.IsCancellationRequested) return;
            await DropAsync().ConfigureAwait(false);
        }

        /// <summary>Disconnects cleanly (DISCONNECT packet) and stops reconnecting.</summary>
        public void Stop()
        {
            if (!BeginShutdown()) return;
            try
            {
                if (_client.IsConnected)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                    _client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Debug, "mqtt: disconnect: " + ExceptionText.WithCause(e));
            }
            FinishShutdown();
        }

        /// <summary>Drops the connection without a DISCONNECT packet, as a killed process or power cut would.</summary>
        public void Abort()
        {
            if (!BeginShutdown()) return;
            FinishShutdown();
        }

        /// <inheritdoc />
        public void Dispose() => Stop();

        private bool BeginShutdown()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return false;
            _stop.Cancel();
            lock (_gate) _up = false;
            return true;
        }

        private void FinishShutdown()
        {
            try
            {
                using (EngineScheduler.Blocking()) _loop?.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException) { }
            _client.ApplicationMessageReceivedAsync -= OnMessage;
            _client.DisconnectedAsync -= OnDisconnected;
            try { _client.Dispose(); }
            catch (Exception e) { _log.Write(LogLevel.Debug, "mqtt: dispose: " + ExceptionText.WithCause(e)); }
        }

        private async Task ConnectLoopAsync(CancellationToken stop)
        {
            int attempt = 0;
            try
            {
                if (_options.InitialConnectSpread > TimeSpan.Zero)
                {
                    int spread = (int)Math.Min(int.MaxValue, _options.InitialConnectSpread.TotalMilliseconds);
                    await Task.Delay(_random.Next(spread + 1), stop).ConfigureAwait(false);
                }
                while (!stop.IsCancellationRequested)
                {
                    if (_client.IsConnected && IsConnected)
                    {
                        await _wake.WaitAsync(stop).ConfigureAwait(false);
                        continue;
                    }
                    if (await TryConnectAsync(stop).ConfigureAwait(false))
                    {
                        attempt = 0;
                        continue;
                    }
                    TimeSpan delay = _options.ReconnectDelay(attempt++, _random.Next(1001));
                    _log.Write(LogLevel.Info, "mqtt: retrying in " + (int)delay.TotalMilliseconds + " ms");
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task<bool> TryConnectAsync(CancellationToken stop)
        {
            _tlsRefusal = null;
            SemaphoreSlim gate = _options.ConnectGate;
            if (gate != null) await gate.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    cts.CancelAfter(_options.ConnectTimeout);
                    Task<MqttClientConnectResult> connecting = _client.ConnectAsync(BuildOptions(), cts.Token);
                    if (gate != null)
                    {
                        // The slot goes back when the handshake ends or its time is up, even if a connect ignored its
                        // cancellation: one stuck handshake must not stop every other device from connecting.
                        try { await Task.WhenAny(connecting, Task.Delay(_options.ConnectTimeout + TimeSpan.FromSeconds(5), stop)).ConfigureAwait(false); }
                        finally
                        {
                            gate.Release();
                            gate = null;
                        }
                    }
                    MqttClientConnectResult result = await connecting.ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        Fail("broker refused the connection: " + result.ResultCode + MqttRefusal.Hint((int)result.ResultCode, _options.ClientId));
                        return false;
                    }
                }
                string[] topics;
                lock (_gate) topics = _topics.ToArray();
                foreach (string topic in topics)
                {
                    if (!await SubscribeNowAsync(topic, stop).ConfigureAwait(false))
                    {
                        Fail("resubscribe to " + topic + " failed");
                        await DropAsync().ConfigureAwait(false);
                        return false;
                    }
                }
                lock (_gate)
                {
                    if (!_client.IsConnected || stop.IsCancellationRequested) return false;
                    _up = true;
                    _connects++;
                    LastError = null;
                    // Raised under the lock so "up" and "down" reach the engine in the order they happened.
                    Events?.ConnectionChanged(true);
                }
                _log.Write(LogLevel.Info, "mqtt: connected to " + _options.Host + ":" + _options.Port + " as " + _options.ClientId);
                return true;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // MQTTnet reports a refused certificate generically; the pinning check knows why.
                Fail(_tlsRefusal ?? ExceptionText.WithCause(e));
                return false;
            }
            finally
            {
                // Still held only if the handshake never started (options could not be built).
                gate?.Release();
            }
        }

        private async Task<bool> SubscribeNowAsync(string topic, CancellationToken stop)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop, _stop.Token);
                cts.CancelAfter(_options.OperationTimeout);
                var options = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                var result = await _client.SubscribeAsync(options, cts.Token).ConfigureAwait(false);
                foreach (var item in result.Items)
                {
                    if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                    {
                        _log.Write(LogLevel.Warning, "mqtt: subscribe to " + topic + " refused: " + item.ResultCode);
                        return false;
                    }
                }
                return true;
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "mqtt: subscribe to " + topic + " failed: " + ExceptionText.WithCause(e));
                return false;
            }
        }

        private async Task DropAsync()
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Debug, "mqtt: drop: " + ExceptionText.WithCause(e));
            }
        }

        private MqttClientOptions BuildOptions()
        {
            var tls = new MqttClientTlsOptionsBuilder()
                .UseTls(true)
                .WithSslProtocols(SslProtocols.Tls12)
                .WithTargetHost(_options.Host)
                .WithClientCertificates(new X509Certificate2Collection(_options.ClientCertificate))
                .WithCertificateValidationHandler(ValidateServer)
                // CaPinning decides, against the pinned root, and does not use revocation. MQTTnet's default (online) made
                // the TLS layer fetch the broker certificate's CRL/OCSP first whenever its root is also in the machine's
                // trust store, as Amazon's is: where a firewall drops those requests, every connect timed out.
                .WithRevocationMode(X509RevocationMode.NoCheck)
                .Build();
            return new MqttClientOptionsBuilder()
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithTcpServer(_options.Host, _options.Port)
                .WithClientId(_options.ClientId)
                .WithCleanSession(true)
                .WithKeepAlivePeriod(_options.KeepAlive)
                .WithTimeout(_options.ConnectTimeout)
                .WithTlsOptions(tls)
                .Build();
        }

        private bool ValidateServer(MqttClientCertificateValidationEventArgs args)
        {
            if (CaPinning.Validate(args.Certificate, args.Chain, args.SslPolicyErrors, _options.RootCa, out string reason)) return true;
            _tlsRefusal = "TLS: " + reason;
            return false;
        }

        private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
        {
            var message = e.ApplicationMessage;
            byte[] payload = message.Payload.IsEmpty ? Array.Empty<byte>() : message.Payload.ToArray();
            Events?.MessageReceived(message.Topic, payload);
            return Task.CompletedTask;
        }

        private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
        {
            lock (_gate)
            {
                if (_up)
                {
                    _up = false;
                    Events?.ConnectionChanged(false);
                }
            }
            if (e.ClientWasConnected)
            {
                _log.Write(LogLevel.Warning, "mqtt: connection lost: " + e.Reason + (e.Exception != null ? " (" + ExceptionText.WithCause(e.Exception) + ")" : ""));
            }
            if (_wake.CurrentCount == 0) _wake.Release();
            return Task.CompletedTask;
        }

        private void Fail(string message)
        {
            if (LastError != message) _log.Write(LogLevel.Warning, "mqtt: " + message);
            LastError = message;
        }
    }
}
