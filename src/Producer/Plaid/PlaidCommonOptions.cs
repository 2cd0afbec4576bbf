using System.CommandLine;

namespace StreamGuard.Producer.Plaid;

/// <summary>The options every plaid command takes (environment, base URL, state directory).</summary>
internal sealed class PlaidCommonOptions
{
    private readonly Option<string?> _environment = new("--environment") { Description = "sandbox or production (default: PLAID_ENV, else sandbox)." };
    private readonly Option<Uri?> _baseUrl = UrlOption("--base-url", "Plaid API base URL override (a local test server).");
    private readonly Option<string?> _stateDirectory = new("--state-dir") { Description = "Where linked items are stored (default: STREAMGUARD_STATE_DIR, else ~/.streamguard)." };

    /// <summary>An absolute-URL option; System.CommandLine has no built-in Uri conversion.</summary>
    public static Option<Uri?> UrlOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? url))
            {
                return url;
            }

            result.AddError($"{name} must be an absolute URL, got '{text}'.");
            return null;
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_environment);
        command.Options.Add(_baseUrl);
        command.Options.Add(_stateDirectory);
    }

    public PlaidCommonSettings Read(ParseResult parse) =>
        new(parse.GetValue(_environment), parse.GetValue(_baseUrl), parse.GetValue(_stateDirectory));
}
