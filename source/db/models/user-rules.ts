// The user model's rules as plain values, apart from the model so that the store's checks use them
// without loading Sequelize (the TUI draws its first frame before it loads).
/** Letters, digits and `_ . -`, 1 to 64 of them. */
export const usernamePattern = /^[A-Za-z0-9_.-]{1,64}$/;
export const maxEmailLength = 120;
