// Shaped like a provider, but not branded by defineProvider, so a loader must refuse it.
export default {
  id: "not-a-plugin",
  capabilities: { chat: true },
  chat: async () => ({ id: "x", provider: "not-a-plugin", model: "m", output: "hi" }),
};
