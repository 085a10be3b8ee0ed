/** What a company lets technicians see. Office roles always see everything. */
export interface FeatureToggles {
  displayBillRate: boolean;
  displayFeeSplitRate: boolean;
  displayAddOnRate: boolean;
  displayRoomRate: boolean;
  displayCustomerPhoneNumbers: boolean;
  displayCustomerEmails: boolean;
  hideDiscounts: boolean;
}

/** The MaidCentral toggle names, for storing and displaying what a company chose. */
export const FEATURE_TOGGLE_NAMES = {
  displayBillRate: "TechDashboard_DisplayBillRate",
  displayFeeSplitRate: "TechDashboard_DisplayFeeSplitRate",
  displayAddOnRate: "TechDashboard_DisplayAddOnRate",
  displayRoomRate: "TechDashboard_DisplayRoomRate",
  displayCustomerPhoneNumbers: "TechDashboard_DisplayCustomerPhoneNumbers",
  displayCustomerEmails: "TechDashboard_DisplayCustomerEmails",
  hideDiscounts: "TechDashboard_HideDiscounts",
} as const satisfies Record<keyof FeatureToggles, string>;

/**
 * MaidCentral toggles → typed toggles. Fails closed: a missing or non-boolean toggle hides
 * (Display* false, HideDiscounts true), so new companies leak nothing by default.
 */
export function normalizeFeatureToggles(
  raw: Record<string, boolean> | null | undefined,
): FeatureToggles {
  const display = (name: string): boolean => raw?.[name] === true;
  return {
    displayBillRate: display(FEATURE_TOGGLE_NAMES.displayBillRate),
    displayFeeSplitRate: display(FEATURE_TOGGLE_NAMES.displayFeeSplitRate),
    displayAddOnRate: display(FEATURE_TOGGLE_NAMES.displayAddOnRate),
    displayRoomRate: display(FEATURE_TOGGLE_NAMES.displayRoomRate),
    displayCustomerPhoneNumbers: display(FEATURE_TOGGLE_NAMES.displayCustomerPhoneNumbers),
    displayCustomerEmails: display(FEATURE_TOGGLE_NAMES.displayCustomerEmails),
    hideDiscounts: raw?.[FEATURE_TOGGLE_NAMES.hideDiscounts] !== false,
  };
}
