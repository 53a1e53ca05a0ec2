/** English text for the stakeholders screens. */
export const stakeholders = {};
