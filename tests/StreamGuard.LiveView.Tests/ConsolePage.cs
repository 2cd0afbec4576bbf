using Microsoft.Playwright;

namespace StreamGuard.LiveView.Tests;

/// <summary>What an analyst does first on the console page, shared by the browser tests.</summary>
internal static class ConsolePage
{
    /// <summary>Waits for a card case in the alert queue, opens it (as a click does) and returns its id.</summary>
    public static async Task<string> OpenFirstCardCaseAsync(IPage page)
    {
        ILocator first = page.Locator("#case-list button.case[data-case-id^='card:']").First;
        await Assertions.Expect(first).ToBeVisibleAsync(new() { Timeout = 60_000 });
        string caseId = (await first.GetAttributeAsync("data-case-id", new() { Timeout = 10_000 }))!;
        // The queue holds still under the pointer, as for an analyst: point at it first, so no live frame moves
        // the cases between Playwright's hit check and its click (it once opened the neighbour that way), then
        // click the chosen case by its id, wherever it moved before the hold.
        await page.Locator("#case-list").HoverAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#queue-hold")).Not.ToBeEmptyAsync(new() { Timeout = 10_000 });
        await page.Locator($"#case-list button.case[data-case-id='{caseId}']").ClickAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator($"#case-list button.case[data-case-id='{caseId}']")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 10_000 });
        return caseId;
    }
}
