using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NfDevice.Cloud.WebConsole.Pages
{
    /// <summary>Sign-in with the emulator's key pair, or with the one-time token of `serve`'s console link (?token=).</summary>
    public sealed class SignInModel : PageModel
    {
        private readonly ConsoleSignIn _signIn;

        /// <summary>Creates the page.</summary>
        public SignInModel(ConsoleSignIn signIn) { _signIn = signIn; }

        /// <summary>Where to go after signing in (local paths only).</summary>
        [BindProperty(SupportsGet = true)] public string ReturnUrl { get; set; }
        /// <summary>Access key id typed (kept on a failed attempt).</summary>
        [BindProperty] public string AccessKeyId { get; set; }
        /// <summary>Secret typed (never echoed back).</summary>
        [BindProperty] public string SecretAccessKey { get; set; }
        /// <summary>One-time token typed, or from the link.</summary>
        [BindProperty(SupportsGet = true)] public string Token { get; set; }
        /// <summary>Why the last attempt failed.</summary>
        public string Error { get; private set; }

        /// <summary>Shows the form, or signs in at once with the link's token.</summary>
        public async Task<IActionResult> OnGetAsync()
        {
            if (string.IsNullOrEmpty(Token)) return Page();
            if (_signIn.RedeemToken(Token)) return await SignInAsync("one-time token");
            Error = "This sign-in link was already used or is not valid. Sign in with the access key and secret.";
            return Page();
        }

        /// <summary>Checks the key pair or token.</summary>
        public async Task<IActionResult> OnPostAsync()
        {
            if (!string.IsNullOrEmpty(Token))
            {
                if (_signIn.RedeemToken(Token)) return await SignInAsync("one-time token");
                Error = "The one-time token was already used or is not valid.";
                return Page();
            }
            if (_signIn.CheckKeys(AccessKeyId, SecretAccessKey)) return await SignInAsync(AccessKeyId);
            Error = "The access key ID or secret access key is not the emulator's.";
            return Page();
        }

        private async Task<IActionResult> SignInAsync(string who)
        {
            var identity = new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, who) }, CookieAuthenticationDefaults.AuthenticationScheme);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith(ConsoleSetup.Prefix, System.StringComparison.OrdinalIgnoreCase) ? ReturnUrl : ConsoleSetup.Prefix + "/jobs");
        }
    }
}
