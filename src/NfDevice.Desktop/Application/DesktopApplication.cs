using System;
using System.IO;
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Application
{
    /// <summary>
    /// The application bundle of one boot of a desktop device: slots on <see cref="DirectoryApplicationStorage"/>, the
    /// core's loader on an <see cref="AssemblyLoadContextHost"/>. <see cref="Boot"/> runs before the agent connects
    /// (as on the ESP32, where the loader runs before TLS); <see cref="Dispose"/> stops the application and unloads it.
    /// </summary>
    public sealed class DesktopApplication : IDisposable
    {
        private readonly DirectoryApplicationStorage _storage;

        /// <summary>Slots in <paramref name="folder"/>, state in <paramref name="store"/>, data folder for Start(string) in <paramref name="dataFolder"/>.</summary>
        public DesktopApplication(string name, string folder, string dataFolder, IStateStore store, ILog log, long slotBudget, long ramBudget, int syncInterval)
        {
            _storage = new DirectoryApplicationStorage(folder);
            Slots = new ApplicationSlots(_storage, store, log, slotBudget, ramBudget, 16 * 1024) { SyncInterval = syncInterval };
            Host = new AssemblyLoadContextHost(name, dataFolder, log);
            Loader = new ApplicationLoader(Slots, Host, log);
        }

        /// <summary>The A/B slots.</summary>
        public ApplicationSlots Slots { get; }

        /// <summary>The loader.</summary>
        public ApplicationLoader Loader { get; }

        /// <summary>The host.</summary>
        public AssemblyLoadContextHost Host { get; }

        /// <summary>The storage (slot files).</summary>
        public DirectoryApplicationStorage Storage => _storage;

        /// <summary>Bootloader step, digest check, load and start. True if an application runs.</summary>
        public bool Boot() => Loader.Boot();

        /// <summary>Stops the application (bounded), unloads its context, closes the slot files.</summary>
        public void Dispose()
        {
            Loader.Stop();
            Host.Dispose();
            _storage.Dispose();
        }

        /// <summary>The application folders of a device whose state lives in <paramref name="stateDirectory"/>.</summary>
        public static (string Slots, string Data) Folders(string stateDirectory) =>
            (Path.Combine(stateDirectory, "app"), Path.Combine(stateDirectory, "app-data"));
    }
}
