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
        // The queue holds still under the pointer, as for an analyst: point at it first, so no live frame reorders
        // the cases (a click by position once opened the neighbour that way). Then the chosen case gets its click
        // event by its id: live frames still change the regions around the queue, and on a loaded machine the
        // page reflowed on every frame, so a click by position waited 20 s for the button to hold still.
        // Under CI load the page can reflow on every frame for longer than a hover waits for the list to hold still
        // (a fresh-clone CI timed out there after 20 s): then the list gets the pointerenter event a hover sends,
        // which is what the page listens for; the hold check below still proves the page reacted.
        try
        {
            await page.Locator("#case-list").HoverAsync(new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            await page.Locator("#case-list").DispatchEventAsync("pointerenter", null, new() { Timeout = 10_000 });
        }
        await Assertions.Expect(page.Locator("#queue-hold")).Not.ToBeEmptyAsync(new() { Timeout = 10_000 });
        await page.Locator($"#case-list button.case[data-case-id='{caseId}']").DispatchEventAsync("click", null, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator($"#case-list button.case[data-case-id='{caseId}']")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 10_000 });
        return caseId;
    }
}
