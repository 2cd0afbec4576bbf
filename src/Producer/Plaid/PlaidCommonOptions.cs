using System.CommandLine;

namespace StreamGuard.Producer.Plaid;

/// <summary>The options every plaid command takes (environment, base URL, state directory).</summary>
internal sealed class PlaidCommonOptions
{
    private readonly Option<string?> _environment = new("--environment") { Description = "sandbox or production (default: PLAID_ENV, else sandbox)." };
    private readonly Option<Uri?> _baseUrl = new("--base-url") { Description = "Plaid API base URL override (a local test server)." };
    private readonly Option<string?> _stateDirectory = new("--state-dir") { Description = "Where linked items are stored (default: STREAMGUARD_STATE_DIR, else ~/.streamguard)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_environment);
        command.Options.Add(_baseUrl);
        command.Options.Add(_stateDirectory);
    }

    public PlaidCommonSettings Read(ParseResult parse) =>
        new(parse.GetValue(_environment), parse.GetValue(_baseUrl), parse.GetValue(_stateDirectory));
}
