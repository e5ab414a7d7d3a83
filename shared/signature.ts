/**
 * The meaning an investigator's electronic signature records (21 CFR 11.50): main writes it
 * with every signature, and the renderer shows it before the password is asked for. One text,
 * so what a signer reads is what the record says.
 */
export const SIGNATURE_MEANING = 'I attest that the data in this casebook are accurate';
