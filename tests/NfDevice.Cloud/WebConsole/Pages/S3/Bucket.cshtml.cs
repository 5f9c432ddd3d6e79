using System.Collections.Generic;
using System.IO;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfDevice.Cloud.S3;

namespace NfDevice.Cloud.WebConsole.Pages.S3
{
    /// <summary>A bucket's object versions, and an upload form (a firmware image or a job file).</summary>
    public sealed class BucketModel : PageModel
    {
        private const long MaxUploadBytes = 64L * 1024 * 1024;
        private readonly Emulator _em;

        /// <summary>Creates the page.</summary>
        public BucketModel(Emulator em) { _em = em; }

        /// <summary>Bucket name from the route.</summary>
        [BindProperty(SupportsGet = true)] public string BucketName { get; set; }
        /// <summary>Key to upload under (the file's name when empty).</summary>
        [BindProperty] public string Key { get; set; }
        /// <summary>The file to upload.</summary>
        [BindProperty(Name = "File")] public IFormFile Upload { get; set; }

        /// <summary>Every object version, newest first per key.</summary>
        public IReadOnlyList<S3Object> Versions { get; private set; }
        /// <summary>Versioning status.</summary>
        public string Versioning { get; private set; }
        /// <summary>Upload problem.</summary>
        public string Error { get; private set; }
        /// <summary>Upload result.</summary>
        public string Notice { get; private set; }

        /// <summary>Lists the bucket.</summary>
        public IActionResult OnGet() => Load() ? Page() : NotFound();

        /// <summary>PutObject of the chosen file.</summary>
        public IActionResult OnPostUpload()
        {
            if (!Load()) return NotFound();
            if (Upload == null || Upload.Length == 0) { Error = "Choose a file to upload."; return Page(); }
            if (Upload.Length > MaxUploadBytes) { Error = "The console uploads files up to 64 MB; use `aws s3 cp` for larger ones."; return Page(); }
            string key = string.IsNullOrWhiteSpace(Key) ? Path.GetFileName(Upload.FileName) : Key.Trim();
            using var ms = new MemoryStream();
            Upload.CopyTo(ms);
            S3Object stored = _em.S3Store.PutObject(BucketName, key, ms.ToArray(), string.IsNullOrEmpty(Upload.ContentType) ? "application/octet-stream" : Upload.ContentType);
            Notice = "Uploaded " + stored.Key + " (version " + stored.VersionId + ", " + ExecutionView.FormatBytes(stored.Size) + ").";
            Key = null;
            Load();
            return Page();
        }

        private bool Load()
        {
            if (string.IsNullOrEmpty(BucketName) || !_em.S3Store.BucketExists(BucketName)) return false;
            Versions = _em.S3Store.ListObjectVersions(BucketName);
            Versioning = _em.S3Store.GetVersioning(BucketName) ?? "Disabled";
            return true;
        }
    }
}
