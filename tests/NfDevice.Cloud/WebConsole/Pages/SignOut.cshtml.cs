using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NfDevice.Cloud.WebConsole.Pages
{
    /// <summary>POST /console/sign-out ends the session.</summary>
    public sealed class SignOutModel : PageModel
    {
        /// <summary>GET only offers nothing: signing out changes state, so it is a POST.</summary>
        public IActionResult OnGet() => Redirect(ConsoleSetup.Prefix + "/jobs");

        /// <summary>Clears the session cookie.</summary>
        public async Task<IActionResult> OnPostAsync()
        {
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Redirect(ConsoleSetup.Prefix + "/sign-in");
        }
    }
}
