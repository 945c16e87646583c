/** Placeholder: the MSW worker for the browser (dev, demo). */
export async function startMockWorker(): Promise<void> {}
