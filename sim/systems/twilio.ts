import express from 'express';
import { randomBytes } from 'node:crypto';
import type { SimContext, SimulatedSystem } from '../harness';

/** Credentials the simulator accepts; the stack's defaults use the same. */
export const TWILIO_SIM_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const TWILIO_SIM_AUTH_TOKEN = 'sim-auth-token';

interface StoredMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  date_created: string;
}

/**
 * Twilio's Programmable Messaging API (2010-04-01): form-encoded create with Basic auth, JSON resources,
 * Twilio's error body `{code, message, more_info, status}`. Accepted messages go to the ledger as `sms.sent`.
 */
export function twilioSim({ ledger }: SimContext): SimulatedSystem {
  const messages = new Map<string, StoredMessage>();
  const api = express.Router();
  api.use(express.urlencoded({ extended: false }));

  api.use('/2010-04-01/Accounts/:accountSid', (req, res, next) => {
    const expected = `Basic ${Buffer.from(`${TWILIO_SIM_ACCOUNT_SID}:${TWILIO_SIM_AUTH_TOKEN}`).toString('base64')}`;
    if (
      req.headers.authorization !== expected ||
      req.params.accountSid.replace(/\.json$/, '') !== TWILIO_SIM_ACCOUNT_SID
    ) {
      return void res.status(401).json(twilioError(20003, 'Authenticate', 401));
    }
    next();
  });

  api.post('/2010-04-01/Accounts/:accountSid/Messages.json', (req, res) => {
    const { To: to, From: from, Body: body } = req.body as Record<string, string | undefined>;
    if (!to || !/^\+[1-9]\d{7,14}$/.test(to)) {
      return void res
        .status(400)
        .json(twilioError(21211, `The 'To' number ${to ?? ''} is not a valid phone number.`, 400));
    }
    if (!from)
      return void res.status(400).json(twilioError(21603, "A 'From' phone number is required.", 400));
    if (!body) return void res.status(400).json(twilioError(21602, 'Message body is required.', 400));
    const message: StoredMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: TWILIO_SIM_ACCOUNT_SID,
      to,
      from,
      body,
      status: 'queued',
      date_created: new Date().toUTCString(),
    };
    messages.set(message.sid, message);
    ledger.record('twilio', 'sms.sent', to, { sid: message.sid, body });
    res.status(201).json(message);
  });

  api.get('/2010-04-01/Accounts/:accountSid.json', (_req, res) => {
    res.json({
      sid: TWILIO_SIM_ACCOUNT_SID,
      friendly_name: 'inflooens simulator',
      status: 'active',
      type: 'Full',
    });
  });

  api.get('/2010-04-01/Accounts/:accountSid/Messages/:sid.json', (req, res) => {
    const message = messages.get(req.params.sid);
    if (!message)
      return void res.status(404).json(twilioError(20404, 'The requested resource was not found', 404));
    res.json(message);
  });

  return { name: 'twilio', api, reset: () => messages.clear() };
}

function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}
