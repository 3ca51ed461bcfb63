using System.Globalization;
using Backprop.Lang.Text;
using Backprop.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.JSInterop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
var host = builder.Build();
// The page's language: ?lang= in the address, else the one last chosen with the switch, else the browser's (index.html).
string asked = await host.Services.GetRequiredService<IJSRuntime>().InvokeAsync<string>("backpropLanguage");
Backprop.Web.Model.PageLanguage.Use(Language.FromCode(asked.Length > 2 && asked[2] is '-' or '_' ? asked[..2] : asked) ?? Language.English);
await host.RunAsync();
