// Each test class starts a real app (and often Chromium): one at a time on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
