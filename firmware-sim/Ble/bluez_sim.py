#!/usr/bin/python3
"""A BlueZ-shaped object tree on a D-Bus bus, for tests and demos of the gateway's BLE path.

Served with Debian's python3-dbus (libdbus) and a GLib main loop -- never with the gateway's own D-Bus code.
It owns org.bluez and exports what bluetoothd would (BlueZ doc/org.bluez.Adapter.rst, Device.rst,
GattService.rst, GattCharacteristic.rst): ObjectManager at /, Adapter1 at /org/bluez/hci0, and two
peripherals that appear when discovery runs:

  C0:26:DA:00:00:01  glucose meter (Glucose Service 0x1808, Current Time Service 0x1805, writable clock)
                     N stored records with sequence numbers, RACP (GLS v1.0.1 section 3.3.3), a clock
                     that runs --clock-offset-seconds off the host's.
  C0:26:DA:00:00:02  blood pressure cuff (Blood Pressure Service 0x1810, read-only Current Time): stored
                     measurements indicated on 0x2A35 once indications are enabled, then it disconnects.
  C0:26:DA:00:00:09  a neighbour's glucose meter: advertises the Glucose Service too, but is on no allow-list.

Notifications and indications are PropertiesChanged("Value") on the characteristic, as BlueZ sends them.
Control for tests: interface org.tgsim.Control at /org/tgsim (AddGlucoseRecords, AddBpMeasurements,
DropAfterRecords, CrashAfterRecords, RemoveAdapterAfterRecords, RestoreAdapter, ResetMeter, ClearMeter, SetClockOffset,
SetClockDrift, Disconnect, RemoveAdapter, GetState).

usage: bluez_sim.py --bus ADDRESS [--records 50] [--bp-records 3] [--clock-offset-seconds N]
                    [--clock-drift R] [--now UNIX] [--record-interval-ms 2]
Prints "READY <address>" once the name is owned.
"""
import argparse
import datetime
import os
import struct
import time
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

PROPS = 'org.freedesktop.DBus.Properties'
OM = 'org.freedesktop.DBus.ObjectManager'
ADAPTER = 'org.bluez.Adapter1'
DEVICE = 'org.bluez.Device1'
SERVICE = 'org.bluez.GattService1'
CHAR = 'org.bluez.GattCharacteristic1'
CONTROL = 'org.tgsim.Control'
ADAPTER_PATH = '/org/bluez/hci0'


def uuid(short):
    return '0000%04x-0000-1000-8000-00805f9b34fb' % short


def ay(data):
    return dbus.Array([dbus.Byte(b) for b in data], signature='y')


class Failed(dbus.exceptions.DBusException):
    def __init__(self, name, text):
        super().__init__(text, name='org.bluez.Error.' + name)


def sfloat(mantissa, exponent):
    """IEEE 11073-20601 SFLOAT: 4-bit exponent, 12-bit mantissa, both two's complement."""
    return struct.pack('<H', ((exponent & 0x0F) << 12) | (mantissa & 0x0FFF))


def date_time(t):
    """Bluetooth Date Time (GSS): year u16, month, day, hours, minutes, seconds."""
    return struct.pack('<HBBBBB', t.year, t.month, t.day, t.hour, t.minute, t.second)


class DeviceClock:
    """A device's wall clock: offset from the host's, and a drift (seconds gained per host second) since it was last set."""

    def __init__(self, offset_seconds, drift):
        self.drift = drift
        self.set_offset(offset_seconds)

    def set_offset(self, seconds):
        self.set_at = datetime.datetime.now()
        self.value_at_set = self.set_at + datetime.timedelta(seconds=seconds)

    def set_drift(self, drift):
        self.set_offset(self.offset_seconds())
        self.drift = drift

    def now(self):
        host = datetime.datetime.now()
        return self.value_at_set + (host - self.set_at) * (1 + self.drift)

    def offset_seconds(self):
        return (self.now() - datetime.datetime.now()).total_seconds()

    def set_to(self, device_time):
        self.set_at = datetime.datetime.now()
        self.value_at_set = device_time

    def read(self):
        """Current Time (CTS 3.1): Exact Time 256 (Day Date Time + Fractions256) + Adjust Reason."""
        t = self.now()
        return date_time(t) + bytes([t.isoweekday(), t.microsecond * 256 // 1000000, 0])


class PropObject(dbus.service.Object):
    """An object with org.freedesktop.DBus.Properties over self.props[interface][name]."""

    def __init__(self, bus, path):
        super().__init__(bus, path)
        self.bus = bus
        self.path = path
        self.props = {}

    def managed(self):
        return {iface: dict(values) for iface, values in self.props.items()}

    def set_props(self, iface, **changes):
        self.props[iface].update(changes)
        self.PropertiesChanged(iface, dbus.Dictionary(changes, signature='sv'), dbus.Array([], signature='s'))

    @dbus.service.method(PROPS, in_signature='ss', out_signature='v')
    def Get(self, iface, name):
        try:
            return self.props[iface][name]
        except KeyError:
            raise dbus.exceptions.DBusException('No property %s.%s' % (iface, name),
                                                name='org.freedesktop.DBus.Error.InvalidArgs')

    @dbus.service.method(PROPS, in_signature='s', out_signature='a{sv}')
    def GetAll(self, iface):
        return dbus.Dictionary(self.props.get(iface, {}), signature='sv')

    @dbus.service.method(PROPS, in_signature='ssv', out_signature='')
    def Set(self, iface, name, value):
        raise dbus.exceptions.DBusException('Read-only', name='org.freedesktop.DBus.Error.PropertyReadOnly')

    @dbus.service.signal(PROPS, signature='sa{sv}as')
    def PropertiesChanged(self, iface, changed, invalidated):
        pass


class Root(dbus.service.Object):
    """ObjectManager at / (BlueZ exports its tree there)."""

    def __init__(self, bus):
        super().__init__(bus, '/')
        self.objects = {}

    def add(self, obj):
        if not list(obj.locations):  # an iterator: truthy even when empty
            obj.add_to_connection(obj.bus, obj.path)  # removed once (adapter or device gone), now back
        self.objects[obj.path] = obj
        self.InterfacesAdded(dbus.ObjectPath(obj.path), dbus.Dictionary(obj.managed(), signature='sa{sv}'))

    def remove(self, obj):
        del self.objects[obj.path]
        self.InterfacesRemoved(dbus.ObjectPath(obj.path), dbus.Array(list(obj.props.keys()), signature='s'))
        obj.remove_from_connection()

    @dbus.service.method(OM, in_signature='', out_signature='a{oa{sa{sv}}}')
    def GetManagedObjects(self):
        return dbus.Dictionary({dbus.ObjectPath(p): o.managed() for p, o in self.objects.items()}, signature='oa{sa{sv}}')

    @dbus.service.signal(OM, signature='oa{sa{sv}}')
    def InterfacesAdded(self, path, interfaces):
        pass

    @dbus.service.signal(OM, signature='oas')
    def InterfacesRemoved(self, path, interfaces):
        pass


class Characteristic(PropObject):
    def __init__(self, bus, device, service, index, short, flags, on_read=None, on_write=None, on_notify=None):
        super().__init__(bus, '%s/char%04x' % (service.path, index))
        self.device = device
        self.short = short
        self.on_read = on_read
        self.on_write = on_write
        self.on_notify = on_notify
        self.sessions = {}  # D-Bus client -> name-owner watch: one notify session per client, as bluetoothd keeps them
        self.props[CHAR] = {
            'UUID': uuid(short), 'Service': dbus.ObjectPath(service.path), 'Value': ay(b''),
            'Notifying': dbus.Boolean(False), 'Flags': dbus.Array(flags, signature='s'),
        }

    @property
    def notifying(self):
        return bool(self.props[CHAR]['Notifying'])

    def send(self, data):
        """A notification or indication: BlueZ updates Value and emits PropertiesChanged (only while enabled)."""
        if self.notifying:
            self.set_props(CHAR, Value=ay(data))

    @dbus.service.method(CHAR, in_signature='a{sv}', out_signature='ay')
    def ReadValue(self, options):
        self.device.require_connected()
        if self.on_read is None:
            raise Failed('NotPermitted', 'Read not permitted')
        data = self.on_read()
        self.props[CHAR]['Value'] = ay(data)
        return ay(data)

    @dbus.service.method(CHAR, in_signature='aya{sv}', out_signature='')
    def WriteValue(self, value, options):
        self.device.require_connected()
        if self.on_write is None:
            raise Failed('NotPermitted', 'Write not permitted')
        self.on_write(bytes(value))

    @dbus.service.method(CHAR, in_signature='', out_signature='', sender_keyword='sender')
    def StartNotify(self, sender=None):
        self.device.require_connected()
        if not ({'notify', 'indicate'} & set(self.props[CHAR]['Flags'])):
            raise Failed('NotSupported', 'Notify not supported')
        if sender is not None and sender not in self.sessions:
            # bluetoothd drops a client's notify session when the client leaves the bus (a gateway killed).
            self.sessions[sender] = self.bus.watch_name_owner(
                sender, lambda owner, client=sender: owner == '' and GLib.idle_add(lambda: self.release(client) and False))
        if not self.notifying:
            self.set_props(CHAR, Notifying=dbus.Boolean(True))
            if self.on_notify:
                GLib.timeout_add(20, self.on_notify)

    @dbus.service.method(CHAR, in_signature='', out_signature='', sender_keyword='sender')
    def StopNotify(self, sender=None):
        self.release(sender)

    def release(self, client):
        """Ends one client's notify session; notifications stop (CCCD cleared) when none is left."""
        watch = self.sessions.pop(client, None)
        if watch is not None:
            watch.cancel()
        if not self.sessions and self.notifying:
            self.set_props(CHAR, Notifying=dbus.Boolean(False))

    def release_all(self):
        for client in list(self.sessions):
            self.release(client)
        if self.notifying:
            self.set_props(CHAR, Notifying=dbus.Boolean(False))


class Service(PropObject):
    def __init__(self, bus, device, index, short):
        super().__init__(bus, '%s/service%04x' % (device.path, index))
        self.props[SERVICE] = {'UUID': uuid(short), 'Device': dbus.ObjectPath(device.path), 'Primary': dbus.Boolean(True)}


class Device(PropObject):
    def __init__(self, sim, address, name, services):
        super().__init__(sim.bus, '%s/dev_%s' % (ADAPTER_PATH, address.replace(':', '_')))
        self.sim = sim
        self.address = address
        self.service_uuids = services
        self.gatt = []
        self.connects = 0
        self.props[DEVICE] = {
            'Address': address, 'AddressType': 'public', 'Name': name, 'Alias': name,
            'Adapter': dbus.ObjectPath(ADAPTER_PATH), 'Paired': dbus.Boolean(False),
            'Connected': dbus.Boolean(False), 'ServicesResolved': dbus.Boolean(False),
            'RSSI': dbus.Int16(-58), 'UUIDs': dbus.Array([uuid(s) for s in services], signature='s'),
        }

    @property
    def connected(self):
        return bool(self.props[DEVICE]['Connected'])

    def require_connected(self):
        if not self.connected:
            raise Failed('Failed', 'Not connected')

    @dbus.service.method(DEVICE, in_signature='', out_signature='')
    def Connect(self):
        if self.connected:
            return
        self.connects += 1
        self.set_props(DEVICE, Connected=dbus.Boolean(True))
        # GATT objects appear once discovered, then ServicesResolved goes true (as in bluetoothd).
        if not any(o.path.startswith(self.path + '/') for o in self.sim.root.objects.values()):
            for obj in self.gatt:
                self.sim.root.add(obj)
        GLib.timeout_add(30, lambda: self.set_props(DEVICE, ServicesResolved=dbus.Boolean(True)) and False)

    @dbus.service.method(DEVICE, in_signature='', out_signature='')
    def Disconnect(self):
        self.drop()

    def drop(self):
        if not self.connected:
            return
        for obj in self.gatt:
            if isinstance(obj, Characteristic):
                obj.release_all()
        self.set_props(DEVICE, ServicesResolved=dbus.Boolean(False))
        self.set_props(DEVICE, Connected=dbus.Boolean(False))
        self.on_disconnect()

    def on_disconnect(self):
        pass


class GlucoseMeter(Device):
    """Glucose Profile server: stored records, RACP, Current Time Service with a writable clock."""

    def __init__(self, sim, records, clock, address='C0:26:DA:00:00:01', name='TG Glucose'):
        super().__init__(sim, address, name, [0x1808, 0x1805])
        self.clock = clock
        self.records = []
        self.time_writes = 0
        self.racp_requests = []
        self.sent = 0
        self.drop_after = None
        self.crash_after = None
        self.remove_adapter_after = None
        self.resets = 0
        self.next_seq = 1
        self.transfer = None
        glucose = Service(sim.bus, self, 0x10, 0x1808)
        self.measurement = Characteristic(sim.bus, self, glucose, 0x11, 0x2A18, ['notify'])
        self.context = Characteristic(sim.bus, self, glucose, 0x14, 0x2A34, ['notify'])
        self.feature = Characteristic(sim.bus, self, glucose, 0x17, 0x2A51, ['read'], on_read=lambda: struct.pack('<H', 0x0000))
        self.racp = Characteristic(sim.bus, self, glucose, 0x1A, 0x2A52, ['write', 'indicate'], on_write=self.on_racp)
        cts = Service(sim.bus, self, 0x20, 0x1805)
        self.current_time = Characteristic(sim.bus, self, cts, 0x21, 0x2A2B, ['read', 'write', 'notify'],
                                           on_read=self.clock.read, on_write=self.write_time)
        self.gatt = [glucose, self.measurement, self.context, self.feature, self.racp, cts, self.current_time]
        self.add_records(records, sim.start)

    def add_records(self, count, host_now=None):
        """Stores count records, the newest measured 30 minutes before host_now (default: now), by the device clock."""
        now = host_now + datetime.timedelta(seconds=self.clock.offset_seconds()) if host_now else self.clock.now()
        first = self.next_seq
        self.next_seq += count
        for seq in range(first, first + count):
            self.records.append({'seq': seq, 'mgdl': 80 + (seq * 7 + self.resets * 13) % 90, 'context': seq % 5 == 0,
                                 'time': now - datetime.timedelta(minutes=(first + count - seq) * 30)})
        return self.records[-1]['seq'] if self.records else 0

    def reset(self, count):
        """A battery change or factory reset: memory cleared, sequence numbers start again at 1."""
        self.transfer = None
        self.records = []
        self.resets += 1
        self.next_seq = 1
        return self.add_records(count)

    def clear(self, count):
        """The user clears the memory from the meter's menu: records gone, numbering goes on."""
        self.transfer = None
        self.records = []
        return self.add_records(count)

    def write_time(self, data):
        if len(data) != 10:
            raise Failed('InvalidValueLength', 'Current Time is 10 bytes')
        year, month, day, hour, minute, second = struct.unpack('<HBBBBB', data[:7])
        written = datetime.datetime(year, month, day, hour, minute, second) + datetime.timedelta(seconds=data[8] / 256)
        self.clock.set_to(written)
        self.time_writes += 1

    def encode_measurement(self, r):
        """Glucose Measurement (GLS 3.106): flags, sequence, base time, SFLOAT kg/L + type/location."""
        flags = 0x02 | (0x10 if r['context'] else 0)
        # mg/dL = 1e-5 kg/L: mantissa mg/dL, exponent -5. Type 1 capillary whole blood, location 1 finger.
        return (bytes([flags]) + struct.pack('<H', r['seq']) + date_time(r['time'])
                + sfloat(r['mgdl'], -5) + bytes([0x11]))

    @staticmethod
    def encode_context(r):
        """Glucose Measurement Context: flags bit 1 (meal), sequence, meal 1 = preprandial."""
        return bytes([0x02]) + struct.pack('<H', r['seq']) + bytes([0x01])

    def select(self, operator, operand):
        if operator == 0x01:
            return list(self.records)
        if operator == 0x03 and len(operand) == 3 and operand[0] == 0x01:
            low = struct.unpack('<H', operand[1:3])[0]
            return [r for r in self.records if r['seq'] >= low]
        if operator == 0x04 and len(operand) == 5 and operand[0] == 0x01:
            low, high = struct.unpack('<HH', operand[1:5])
            return [r for r in self.records if low <= r['seq'] <= high]
        if operator == 0x05:
            return self.records[:1]
        if operator == 0x06:
            return self.records[-1:]
        return None

    def respond(self, request, code):
        self.racp.send(bytes([0x06, 0x00, request, code]))

    def on_racp(self, data):
        """Record Access Control Point (GLS 3.3.3 / RACP 3.1): op code, operator, operand."""
        self.racp_requests.append(data.hex())
        if not self.racp.notifying:
            raise Failed('Failed', 'Client Characteristic Configuration Descriptor improperly configured')
        if len(data) < 2:
            GLib.idle_add(lambda: self.respond(0x00, 0x05) and False)
            return
        op, operator, operand = data[0], data[1], data[2:]
        if op == 0x03:  # abort
            self.transfer = None
            GLib.idle_add(lambda: self.respond(op, 0x01) and False)
            return
        if self.transfer is not None:
            # GLS 3.3.3: a request while a procedure runs fails with the ATT application error 0x80
            # (Procedure Already In Progress); bluetoothd reports ATT errors like this.
            raise Failed('Failed', 'Operation failed with ATT error: 0x80')
        if op not in (0x01, 0x04):
            GLib.idle_add(lambda: self.respond(op, 0x02) and False)
            return
        selected = self.select(operator, operand)
        if selected is None:
            GLib.idle_add(lambda: self.respond(op, 0x04 if operator > 0x06 else 0x05) and False)
            return
        if op == 0x04:
            GLib.idle_add(lambda: self.racp.send(bytes([0x05, 0x00]) + struct.pack('<H', len(selected))) and False)
            return
        if not selected:
            GLib.idle_add(lambda: self.respond(op, 0x06) and False)
            return
        transfer = list(selected)
        self.transfer = transfer
        GLib.timeout_add(self.sim.record_interval_ms, lambda: self.send_next(transfer))

    def send_next(self, transfer):
        if self.transfer is not transfer or not self.connected:
            return False  # aborted, replaced or disconnected
        if not transfer:
            self.transfer = None
            self.respond(0x01, 0x01)
            return False
        r = transfer.pop(0)
        if self.measurement.notifying:
            self.measurement.send(self.encode_measurement(r))
        self.sent += 1
        if self.crash_after is not None:
            self.crash_after -= 1
            if self.crash_after == 0:
                # bluetoothd dies: what was sent reaches the bus, then the process is gone.
                self.sim.bus.flush()
                os._exit(3)
        if self.remove_adapter_after is not None:
            self.remove_adapter_after -= 1
            if self.remove_adapter_after == 0:
                self.remove_adapter_after = None
                self.sim.remove_adapter()
                return False
        if self.drop_after is not None:
            self.drop_after -= 1
            if self.drop_after == 0:
                # The link drops right after this measurement, before its context (if any) goes out.
                self.drop_after = None
                self.drop()
                return False
        if r['context'] and self.context.notifying:
            self.context.send(self.encode_context(r))
        return True

    def on_disconnect(self):
        self.transfer = None


class BloodPressureCuff(Device):
    """Blood Pressure Profile server: stored measurements indicated on 0x2A35, then the cuff disconnects."""

    def __init__(self, sim, count, clock):
        super().__init__(sim, 'C0:26:DA:00:00:02', 'TG Cuff', [0x1810, 0x1805])
        self.clock = clock
        self.stored = []
        bps = Service(sim.bus, self, 0x10, 0x1810)
        self.measurement = Characteristic(sim.bus, self, bps, 0x11, 0x2A35, ['indicate'], on_notify=self.deliver)
        self.feature = Characteristic(sim.bus, self, bps, 0x14, 0x2A49, ['read'], on_read=lambda: struct.pack('<H', 0x0000))
        cts = Service(sim.bus, self, 0x20, 0x1805)
        self.current_time = Characteristic(sim.bus, self, cts, 0x21, 0x2A2B, ['read', 'notify'], on_read=self.clock.read)
        self.gatt = [bps, self.measurement, self.feature, cts, self.current_time]
        self.add(count, sim.start)

    def add(self, count, host_now=None):
        now = host_now + datetime.timedelta(seconds=self.clock.offset_seconds()) if host_now else self.clock.now()
        start = len(self.stored)
        for i in range(start, start + count):
            self.stored.append({'sys': 150 - i, 'dia': 95 - i, 'map': 113 - i, 'pulse': 70 + i,
                                'time': now - datetime.timedelta(hours=(start + count - i))})

    @staticmethod
    def encode(m):
        """Blood Pressure Measurement (BLS 3.1.1): flags mmHg + time stamp + pulse, SFLOATs exponent 0."""
        return (bytes([0x06]) + sfloat(m['sys'], 0) + sfloat(m['dia'], 0) + sfloat(m['map'], 0)
                + date_time(m['time']) + sfloat(m['pulse'], 0))

    def deliver(self):
        if not self.connected or not self.measurement.notifying:
            return False
        if self.stored:
            self.measurement.send(self.encode(self.stored.pop(0)))
            return True
        # Transfer done: the cuff ends the connection itself.
        GLib.timeout_add(300, lambda: self.drop() and False)
        return False


class Adapter(PropObject):
    def __init__(self, sim):
        super().__init__(sim.bus, ADAPTER_PATH)
        self.sim = sim
        self.filter_uuids = None
        self.props[ADAPTER] = {
            'Address': '00:1A:7D:DA:71:13', 'Name': 'tgsim', 'Alias': 'tgsim', 'Powered': dbus.Boolean(True),
            'Discovering': dbus.Boolean(False), 'UUIDs': dbus.Array([], signature='s'),
        }

    @dbus.service.method(ADAPTER, in_signature='a{sv}', out_signature='')
    def SetDiscoveryFilter(self, filters):
        self.sim.filters.append({str(k): ([str(u) for u in v] if isinstance(v, dbus.Array) else str(v) if isinstance(v, dbus.String) else bool(v))
                                 for k, v in filters.items()})
        self.filter_uuids = [str(u).lower() for u in filters.get('UUIDs', [])] or None

    @dbus.service.method(ADAPTER, in_signature='', out_signature='')
    def StartDiscovery(self):
        if self.props[ADAPTER]['Discovering']:
            raise Failed('InProgress', 'Operation already in progress')
        self.set_props(ADAPTER, Discovering=dbus.Boolean(True))
        GLib.timeout_add(50, self.advertise)

    @dbus.service.method(ADAPTER, in_signature='', out_signature='')
    def StopDiscovery(self):
        if not self.props[ADAPTER]['Discovering']:
            raise Failed('Failed', 'No discovery started')
        self.set_props(ADAPTER, Discovering=dbus.Boolean(False))

    def advertise(self):
        for device in self.sim.devices:
            wanted = self.filter_uuids is None or any(uuid(s) in self.filter_uuids for s in device.service_uuids)
            if wanted and device.path not in self.sim.root.objects and self.props[ADAPTER]['Discovering']:
                self.sim.root.add(device)
        return False


class Control(dbus.service.Object):
    def __init__(self, sim):
        super().__init__(sim.bus, '/org/tgsim')
        self.sim = sim

    @dbus.service.method(CONTROL, in_signature='u', out_signature='u')
    def AddGlucoseRecords(self, count):
        return self.sim.meter.add_records(count)

    @dbus.service.method(CONTROL, in_signature='u', out_signature='')
    def AddBpMeasurements(self, count):
        self.sim.cuff.add(count)

    @dbus.service.method(CONTROL, in_signature='u', out_signature='')
    def DropAfterRecords(self, count):
        self.sim.meter.drop_after = count

    @dbus.service.method(CONTROL, in_signature='u', out_signature='')
    def CrashAfterRecords(self, count):
        """bluetoothd dies (exit 3) right after that many measurements of the next transfer."""
        self.sim.meter.crash_after = count

    @dbus.service.method(CONTROL, in_signature='u', out_signature='')
    def RemoveAdapterAfterRecords(self, count):
        """The adapter is unplugged right after that many measurements of the next transfer."""
        self.sim.meter.remove_adapter_after = count

    @dbus.service.method(CONTROL, in_signature='u', out_signature='u')
    def ResetMeter(self, count):
        """Battery change: the meter's memory is cleared and numbering restarts at 1 with count new records."""
        return self.sim.meter.reset(count)

    @dbus.service.method(CONTROL, in_signature='u', out_signature='u')
    def ClearMeter(self, count):
        """Memory cleared from the meter's menu, numbering continuing, then count new records."""
        return self.sim.meter.clear(count)

    @dbus.service.method(CONTROL, in_signature='d', out_signature='')
    def SetClockOffset(self, seconds):
        self.sim.meter.clock.set_offset(seconds)

    @dbus.service.method(CONTROL, in_signature='d', out_signature='')
    def SetClockDrift(self, drift):
        """Seconds the meter's clock gains per second from now on (negative: loses)."""
        self.sim.meter.clock.set_drift(drift)

    @dbus.service.method(CONTROL, in_signature='s', out_signature='')
    def Disconnect(self, address):
        for device in self.sim.devices:
            if device.address == address:
                device.drop()

    @dbus.service.method(CONTROL, in_signature='', out_signature='')
    def RemoveAdapter(self):
        self.sim.remove_adapter()

    @dbus.service.method(CONTROL, in_signature='', out_signature='')
    def RestoreAdapter(self):
        self.sim.restore_adapter()

    @dbus.service.method(CONTROL, in_signature='', out_signature='a{sv}')
    def GetState(self):
        meter = self.sim.meter
        return dbus.Dictionary({
            'GlucoseRecords': dbus.UInt32(len(meter.records)),
            'RecordsSent': dbus.UInt32(meter.sent),
            'ClockOffsetSeconds': dbus.Double(meter.clock.offset_seconds()),
            'TimeWrites': dbus.UInt32(meter.time_writes),
            'RacpRequests': dbus.Array(meter.racp_requests, signature='s'),
            'MeterConnects': dbus.UInt32(meter.connects),
            'MeterResets': dbus.UInt32(meter.resets),
            'CuffConnects': dbus.UInt32(self.sim.cuff.connects),
            'CuffStored': dbus.UInt32(len(self.sim.cuff.stored)),
            'StrangerConnects': dbus.UInt32(self.sim.stranger.connects),
            'AdapterPresent': dbus.Boolean(ADAPTER_PATH in self.sim.root.objects),
            'Filters': dbus.Array([str(f) for f in self.sim.filters], signature='s'),
        }, signature='sv')


class Simulator:
    def __init__(self, bus, args):
        self.bus = bus
        self.filters = []
        self.record_interval_ms = args.record_interval_ms
        # Stored records are dated from this host instant, so a restarted simulator holds the same records.
        self.start = datetime.datetime.fromtimestamp(args.now) if args.now else datetime.datetime.now()
        self.root = Root(bus)
        self.adapter = Adapter(self)
        self.root.add(self.adapter)
        self.meter = GlucoseMeter(self, args.records, DeviceClock(args.clock_offset_seconds, args.clock_drift))
        self.cuff = BloodPressureCuff(self, args.bp_records, DeviceClock(args.clock_offset_seconds, args.clock_drift))
        self.stranger = GlucoseMeter(self, 5, DeviceClock(0, 0), 'C0:26:DA:00:00:09', 'Neighbour Glucose')
        self.devices = [self.meter, self.cuff, self.stranger]
        self.control = Control(self)

    def remove_adapter(self):
        """The adapter is unplugged: Adapter1 goes first, then every device and its GATT objects."""
        if ADAPTER_PATH not in self.root.objects:
            return
        self.root.remove(self.adapter)
        for device in self.devices:
            device.drop()
            for obj in device.gatt:
                if obj.path in self.root.objects:
                    self.root.remove(obj)
            if device.path in self.root.objects:
                self.root.remove(device)

    def restore_adapter(self):
        if ADAPTER_PATH in self.root.objects:
            return
        self.adapter.props[ADAPTER]['Discovering'] = dbus.Boolean(False)
        self.root.add(self.adapter)


def main():
    parser = argparse.ArgumentParser(description='BlueZ-shaped D-Bus simulator with a glucose meter and a BP cuff')
    parser.add_argument('--bus', required=True, help='D-Bus address to serve on')
    parser.add_argument('--records', type=int, default=50, help='glucose records stored in the meter')
    parser.add_argument('--bp-records', type=int, default=3, help='measurements stored in the cuff')
    parser.add_argument('--clock-offset-seconds', type=float, default=0.0, help='device clock minus host clock')
    parser.add_argument('--clock-drift', type=float, default=0.0, help='seconds the device clocks gain per host second')
    parser.add_argument('--now', type=float, default=0.0, help='host time (unix seconds) the stored records are dated from')
    parser.add_argument('--record-interval-ms', type=int, default=2, help='pause between two records of a transfer')
    args = parser.parse_args()
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(args.bus)
    Simulator(bus, args)
    name = dbus.service.BusName('org.bluez', bus, do_not_queue=True)
    print('READY %s' % args.bus, flush=True)
    try:
        GLib.MainLoop().run()
    except KeyboardInterrupt:
        pass
    del name
    return 0


if __name__ == '__main__':
    sys.exit(main())
