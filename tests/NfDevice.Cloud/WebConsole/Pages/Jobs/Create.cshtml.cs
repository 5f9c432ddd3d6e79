using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;

namespace NfDevice.Cloud.WebConsole.Pages.Jobs
{
    /// <summary>
    /// Create custom job. One form posted back to itself by each step's button (load or upload the job file, sign
    /// the image, create), so everything typed survives every step and every error. Create hands the CreateJob
    /// request body to the same code the REST route runs (<see cref="JobsApi.CreateJob"/>).
    /// </summary>
    public sealed class CreateModel : PageModel
    {
        /// <summary>Value of the profile picker that asks for a new profile.</summary>
        public const string NewProfile = "__new__";
        private const int MaxDocumentBytes = 32768;
        private readonly Emulator _em;

        /// <summary>Creates the page.</summary>
        public CreateModel(Emulator em) { _em = em; }

        /// <summary>The job being composed.</summary>
        [BindProperty] public CustomJobForm Form { get; set; } = new CustomJobForm();
        /// <summary>Bucket to upload a job file into.</summary>
        [BindProperty] public string UploadBucket { get; set; }
        /// <summary>Key of the uploaded job file (the file's name when empty).</summary>
        [BindProperty] public string UploadKey { get; set; }
        /// <summary>The job file chosen on this machine.</summary>
        [BindProperty] public IFormFile UploadFile { get; set; }
        /// <summary>The image to sign (s3://bucket/key?versionId=v).</summary>
        [BindProperty] public string SignImage { get; set; }
        /// <summary>Existing profile name, or <see cref="NewProfile"/>.</summary>
        [BindProperty] public string SigningProfile { get; set; }
        /// <summary>Name of a new profile.</summary>
        [BindProperty] public string NewProfileName { get; set; }
        /// <summary>Platform of a new profile.</summary>
        [BindProperty] public string NewProfilePlatform { get; set; } = Emulator.DefaultSigningPlatform;
        /// <summary>An ACM certificate ARN for a new profile (empty: the emulator generates a certificate).</summary>
        [BindProperty] public string CertificateArn { get; set; }
        /// <summary>The signing job started by "Sign image" (kept across posts).</summary>
        [BindProperty] public string SigningJobId { get; set; }

        /// <summary>Field name -> message shown beside it.</summary>
        public Dictionary<string, string> Errors { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>Form-wide error.</summary>
        public string Error { get; private set; }
        /// <summary>What the last step did.</summary>
        public string Notice { get; private set; }

        /// <summary>The message for a field, or null.</summary>
        public string ErrorFor(string field) => Errors.TryGetValue(field, out string m) ? m : null;

        /// <summary>Things to target.</summary>
        public IReadOnlyList<Iot.ThingRecord> Things => _em.Registry.ListThings();
        /// <summary>Groups to target.</summary>
        public IReadOnlyList<Iot.ThingGroupRecord> Groups => _em.Registry.ListGroups();
        /// <summary>S3 buckets.</summary>
        public IReadOnlyList<string> Buckets => _em.S3Store.ListBuckets().Select(b => b.Name).ToList();
        /// <summary>Every object version in every bucket, newest first per key.</summary>
        public IReadOnlyList<S3Object> Objects =>
            Buckets.SelectMany(b => _em.S3Store.ListObjectVersions(b)).ToList();
        /// <summary>Signing profiles.</summary>
        public IReadOnlyList<SigningProfile> Profiles => _em.SignerService.ListSigningProfiles();
        /// <summary>The signing job of this form, if any.</summary>
        public SigningJob SigningJob => string.IsNullOrEmpty(SigningJobId) ? null : _em.SignerService.ListSigningJobs().FirstOrDefault(j => j.JobId == SigningJobId);
        /// <summary>Objects the document presigns (or the image being signed), checked against each role.</summary>
        public List<S3Choice> PresignedObjects
        {
            get
            {
                var objects = RoleChoice.PresignedObjects(Form.Document);
                if (objects.Count == 0 && S3Choice.Parse(SignImage) is S3Choice image) objects.Add(image);
                return objects;
            }
        }
        /// <summary>Roles iot.amazonaws.com may assume, each flagged when it lacks s3:GetObject on <see cref="PresignedObjects"/>.</summary>
        public List<RoleChoice> Roles => RoleChoice.For(_em.IamStore, PresignedObjects);

        /// <summary>Job templates to start from.</summary>
        public IReadOnlyList<JobTemplateRecord> Templates => _em.Jobs.ListJobTemplates();
        /// <summary>Certificates imported into ACM that a new signing profile may sign with.</summary>
        public IReadOnlyList<Acm.ImportedCertificate> AcmCertificates =>
            _em.Acm.List(new[] { "EC_prime256v1", "EC_secp384r1", "EC_secp521r1", "RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096" });

        /// <summary>An empty form, or one that starts from the template named by ?template=ID.</summary>
        public void OnGet([FromQuery(Name = "template")] string template)
        {
            if (!string.IsNullOrEmpty(template) && Templates.Any(t => t.JobTemplateId == template)) Form.JobTemplateArn = Iot.Arns.JobTemplate(template);
        }

        /// <summary>Loads the chosen S3 job file into the document box.</summary>
        public IActionResult OnPostLoad()
        {
            S3Choice file = S3Choice.Parse(Form.DocumentSource);
            if (file == null) Errors["DocumentSource"] = "Choose a job file in S3 first.";
            else ReadDocument(file);
            return Page();
        }

        /// <summary>Uploads a job file into a bucket, then loads it.</summary>
        public IActionResult OnPostUpload()
        {
            if (UploadFile == null || UploadFile.Length == 0) Errors["Upload"] = "Choose a job file (JSON) to upload.";
            else if (UploadFile.Length > MaxDocumentBytes) Errors["Upload"] = "A job document is at most 32 KB; this file has " + UploadFile.Length + " bytes.";
            else if (string.IsNullOrEmpty(UploadBucket) || !_em.S3Store.BucketExists(UploadBucket)) Errors["Upload"] = "Choose the bucket to upload into.";
            if (Errors.Count > 0) return Page();

            string key = string.IsNullOrWhiteSpace(UploadKey) ? Path.GetFileName(UploadFile.FileName) : UploadKey.Trim();
            using var ms = new MemoryStream();
            UploadFile.CopyTo(ms);
            S3Object stored = _em.S3Store.PutObject(UploadBucket, key, ms.ToArray(), "application/json");
            Form.DocumentSource = new S3Choice(stored.Bucket, stored.Key, stored.VersionId).ToString();
            UploadKey = key;
            ReadDocument(S3Choice.Parse(Form.DocumentSource));
            Notice = "Uploaded s3://" + stored.Bucket + "/" + stored.Key + " (version " + stored.VersionId + ").";
            return Page();
        }

        /// <summary>"Sign image for me": signs the image with the profile and writes the code-sign placeholder into the document.</summary>
        public IActionResult OnPostSign()
        {
            S3Choice image = S3Choice.Parse(SignImage);
            if (image == null) Errors["Sign"] = "Choose the image to sign (bucket, key and version).";
            else if (string.IsNullOrWhiteSpace(Form.Document)) Errors["Sign"] = "Add the job file first: the signature placeholder is written into its document.";
            if (Errors.Count > 0) return Page();
            try
            {
                string profile = SigningProfile;
                if (profile == NewProfile || string.IsNullOrEmpty(profile))
                {
                    profile = NewProfileName?.Trim();
                    _em.SignerService.PutSigningProfile(profile, NewProfilePlatform, string.IsNullOrWhiteSpace(CertificateArn) ? null : CertificateArn.Trim());
                    SigningProfile = profile;
                }
                SigningJob job = _em.SignerService.StartSigningJob(profile, image.Bucket, image.Key, image.VersionId, image.Bucket, "SignedImages/");
                SigningJobId = job.JobId;
                if (job.Status != "Succeeded")
                {
                    Errors["Sign"] = "Signing job " + job.JobId + " " + job.Status + ": " + job.StatusReason;
                    return Page();
                }
                Form.Document = CodeSignInsert.Write(Form.Document, Emulator.CodeSignSignaturePlaceholder(image.Bucket, image.Key, image.VersionId));
                Notice = "Signing job " + job.JobId + " succeeded; the document's codesign placeholder now points at the signed image.";
            }
            catch (SignerException e) { Errors["Sign"] = e.Code + ": " + e.Message; }
            catch (FormatException e) { Errors["Sign"] = e.Message; }
            return Page();
        }

        /// <summary>CreateJob with what the form holds; errors go beside their fields and nothing typed is lost.</summary>
        public IActionResult OnPostCreate()
        {
            string jobId = Form.JobId?.Trim();
            if (string.IsNullOrEmpty(jobId))
            {
                Errors["JobId"] = "Enter a job ID: letters, digits, hyphens and underscores, up to 64 characters.";
                return Page();
            }
            try
            {
                JobRecord job = JobsApi.CreateJob(_em.Jobs, jobId, Form.ToRequestBody());
                return Redirect(ConsoleSetup.Prefix + "/jobs/" + Uri.EscapeDataString(job.JobId) + "?created=1");
            }
            catch (AwsException e)
            {
                string field = CustomJobForm.FieldOf(e.ErrorType, e.Message);
                if (field != null) Errors[field] = e.Message;
                Error = "CreateJob refused the job (" + e.ErrorType + "): " + e.Message;
                return Page();
            }
        }

        private void ReadDocument(S3Choice file)
        {
            S3Object obj = _em.S3Store.GetObject(file.Bucket, file.Key, file.VersionId);
            if (obj == null) Errors["DocumentSource"] = "s3://" + file.Bucket + "/" + file.Key + " (version " + file.VersionId + ") does not exist.";
            else if (obj.Data.Length > MaxDocumentBytes) Errors["DocumentSource"] = "The job file is larger than 32 KB, the limit of a job document.";
            else Form.Document = Encoding.UTF8.GetString(obj.Data);
        }
    }
}
